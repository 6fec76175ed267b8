package com.microdrama.catalog.testing;

import com.microdrama.testsupport.KeycloakTokens;

/** Real Keycloak tokens, fetched once per test JVM (they live for minutes; the IT run takes seconds). */
public final class Viewers {
    private static String alice;
    private static String admin;
    private static String support;

    private Viewers() {
    }

    public static synchronized String alice() {
        if (alice == null) {
            alice = KeycloakTokens.userToken("alice", "alice");
        }
        return alice;
    }

    /** Roles admin and user. */
    public static synchronized String admin() {
        if (admin == null) {
            admin = KeycloakTokens.userToken("admin", "admin");
        }
        return admin;
    }

    /** Role support: the read-only admin. */
    public static synchronized String support() {
        if (support == null) {
            support = KeycloakTokens.userToken("support", "support");
        }
        return support;
    }

    public static String aliceId() {
        return KeycloakTokens.subject(alice());
    }
}
