package com.microdrama.payment.security;

/** Realm roles from Keycloak (realm_access.roles). */
public final class Roles {
    public static final String USER = "user";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
