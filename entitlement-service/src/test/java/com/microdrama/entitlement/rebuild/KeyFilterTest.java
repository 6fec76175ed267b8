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
        for (int i = 0; i < 1_000_000; i++) {
            if (filter.mayContain("other-" + i)) {
                falsePositives++;
            }
        }
        // about 5 expected when full (1 in 200,000); each one is a table scan during a rebuild's load
        assertTrue(falsePositives < 50, "false positives: " + falsePositives + " of 1,000,000");
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
