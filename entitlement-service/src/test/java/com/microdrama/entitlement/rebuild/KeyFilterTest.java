package com.microdrama.entitlement.rebuild;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyFilterTest {

    @Test
    void everyKeyAddedIsReportedAsPossiblyPresent() {
        KeyFilter filter = new KeyFilter(10_000);
        String[] keys = new String[10_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = UUID.randomUUID().toString();
            filter.add(keys[i]);
        }
        for (String key : keys) {
            assertTrue(filter.mayContain(key), key);
        }
    }

    @Test
    void keysNeverAddedAreMostlyReportedAbsentAtTheSizedCount() {
        KeyFilter filter = new KeyFilter(10_000);
        for (int i = 0; i < 10_000; i++) {
            filter.add("unl-" + i);
        }
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            if (filter.mayContain("other-" + i)) {
                falsePositives++;
            }
        }
        assertTrue(falsePositives < 3_000, "false positives: " + falsePositives + " of 100000");
    }

    @Test
    void moreKeysThanSizedForStillNeverGiveAFalseNo() {
        KeyFilter filter = new KeyFilter(10);
        for (int i = 0; i < 50_000; i++) {
            filter.add("k" + i);
        }
        for (int i = 0; i < 50_000; i++) {
            assertTrue(filter.mayContain("k" + i));
        }
    }
}
