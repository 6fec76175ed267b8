package com.microdrama.events.viewer;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PseudonymsTest {
    private static final String USER = "3f2c9a4e-7b1d-4c8e-9a55-0d6f1e2b3c4d";

    @Test
    void the_same_user_gets_the_same_short_pseudonym_in_every_service_sharing_the_key() {
        Optional<String> one = Pseudonyms.withKey(Optional.of("k1")).of(USER);
        Optional<String> other = Pseudonyms.withKey(Optional.of("k1")).of(USER);

        assertEquals(one, other);
        assertTrue(one.orElseThrow().matches("[0-9a-f]{16}"), one.get());
        assertFalse(one.get().contains(USER.substring(0, 8)));
    }

    @Test
    void another_key_or_another_user_gives_another_pseudonym() {
        Pseudonyms k1 = Pseudonyms.withKey(Optional.of("k1"));

        assertNotEquals(k1.of(USER), Pseudonyms.withKey(Optional.of("k2")).of(USER));
        assertNotEquals(k1.of(USER), k1.of("another-user"));
    }

    @Test
    void is_the_first_half_of_hmac_sha256_as_published() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?" -> 5bdcc146bf60754e...
        assertEquals(Optional.of("5bdcc146bf60754e"),
                Pseudonyms.withKey(Optional.of("Jefe")).of("what do ya want for nothing?"));
    }

    @Test
    void without_a_key_there_is_no_pseudonym_rather_than_the_raw_id() {
        Pseudonyms blank = Pseudonyms.withKey(Optional.of(" "));

        assertFalse(blank.enabled());
        assertEquals(Optional.empty(), blank.of(USER));
        assertEquals(Optional.empty(), Pseudonyms.withKey(Optional.empty()).of(USER));
        assertEquals(Optional.empty(), Pseudonyms.withKey(Optional.of("k")).of(null));
    }
}
