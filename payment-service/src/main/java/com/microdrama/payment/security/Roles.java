package com.microdrama.payment.security;

/** Realm roles from Keycloak (realm_access.roles). */
public final class Roles {
    public static final String USER = "user";
    public static final String ADMIN = "admin";
    /** Read-only admin: may look at a user's payments, may change nothing. */
    public static final String SUPPORT = "support";

    private Roles() {
    }
}
