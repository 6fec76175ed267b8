package com.microdrama.entitlement.ledger;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EntitlementIdTest {

    @Test
    void theIdOfASourceIsTheNameBasedUuidItAlwaysWas() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder source = new StringBuilder(i % 3 == 0 ? "unlock:" : "subscription:");
            int length = random.nextInt(60);
            for (int c = 0; c < length; c++) {
                source.append((char) (i % 10 == 0 ? 0x4e00 + random.nextInt(500) : 'a' + random.nextInt(26)));
            }
            String s = source.toString();
            assertEquals(UUID.nameUUIDFromBytes(("entitlement:" + s).getBytes(StandardCharsets.UTF_8)),
                    Entitlement.idFor(s), s);
        }
        // a fixed one (Python's uuid.UUID(bytes=md5(b"entitlement:unlock:x").digest(), version=3)): rows written before
        // keep their ids through a rebuild only if this never changes
        assertEquals(UUID.fromString("679346c7-af55-3ceb-9ef1-a919ef13e322"), Entitlement.idFor("unlock:x"));
    }
}
