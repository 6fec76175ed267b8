package com.microdrama.catalog.testing;

import com.microdrama.testsupport.KeycloakTokens;

/** Real Keycloak tokens, fetched once per test JVM (they live for minutes; the IT run takes seconds). */
public final class Viewers {
    private static String alice;

    private Viewers() {
    }

    public static synchronized String alice() {
        if (alice == null) {
            alice = KeycloakTokens.userToken("alice", "alice");
        }
        return alice;
    }

    public static String aliceId() {
        return KeycloakTokens.subject(alice());
    }
}
