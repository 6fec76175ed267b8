package com.microdrama.entitlement.it;

import com.microdrama.testsupport.KeycloakTokens;

/** Real tokens of the realm's operators, fetched once per test JVM. */
final class AdminTokens {
    /** Roles admin and user. */
    static final String ADMIN = KeycloakTokens.userToken("admin", "admin");
    static final String ADMIN_ID = KeycloakTokens.subject(ADMIN);
    /** Roles support and user: may read the admin views, never write. */
    static final String SUPPORT = KeycloakTokens.userToken("support", "support");

    private AdminTokens() {
    }
}
