package com.microdrama.support.security;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class VerifiedTokensTest {
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void answersATokenSeenBeforeUntilItExpires() {
        VerifiedTokens<String> tokens = new VerifiedTokens<>(10, now::get);
        tokens.remember("token-a", "alice", 1_900);

        assertEquals("alice", tokens.find("token-a"));
        now.set(1_899);
        assertEquals("alice", tokens.find("token-a"));
        now.set(1_900);
        assertNull(tokens.find("token-a"), "expired at exp");
        assertEquals(0, tokens.size(), "an expired token is dropped when asked for");
    }

    @Test
    void onlyTheExactTokenStringMatches() {
        VerifiedTokens<String> tokens = new VerifiedTokens<>(10, now::get);
        tokens.remember("header.payload.signature", "alice", 1_900);

        assertNull(tokens.find("header.payload.signaturE"));
        assertNull(tokens.find("header.payload.signature "));
        assertNull(tokens.find("header.payload"));
    }

    @Test
    void neverKeepsATokenThatIsAlreadyExpiredOrWhenTurnedOff() {
        VerifiedTokens<String> tokens = new VerifiedTokens<>(10, now::get);
        tokens.remember("expired", "alice", 1_000);
        tokens.remember("no-exp", "bob", 0);
        assertNull(tokens.find("expired"));
        assertNull(tokens.find("no-exp"));

        VerifiedTokens<String> off = new VerifiedTokens<>(0, now::get);
        off.remember("token", "alice", 1_900);
        assertNull(off.find("token"));
    }

    @Test
    void staysWithinItsBoundDroppingExpiredTokensFirst() {
        VerifiedTokens<String> tokens = new VerifiedTokens<>(2, now::get);
        tokens.remember("short", "alice", 1_010);
        tokens.remember("long", "bob", 1_900);
        now.set(1_020);

        tokens.remember("new", "carol", 1_900);

        assertEquals(2, tokens.size());
        assertEquals("bob", tokens.find("long"));
        assertEquals("carol", tokens.find("new"));

        tokens.remember("newer", "dave", 1_900);
        assertEquals(1, tokens.size(), "full of live tokens: starts over with the newcomer");
        assertEquals("dave", tokens.find("newer"));
    }
}
