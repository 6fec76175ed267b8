package com.microdrama.entitlement.it;

import com.microdrama.testsupport.KeycloakTokens;

/** alice's real token and user id (the token's sub), fetched once per test JVM. */
final class Alice {
    static final String TOKEN = KeycloakTokens.userToken("alice", "alice");
    static final String ID = KeycloakTokens.subject(TOKEN);

    private Alice() {
    }

    /** Clears alice's entitlements so a VIP or series grant from an earlier test or run cannot answer for this one. */
    static void forgetEntitlements() {
        TestDb.execute("delete from entitlement where user_id = ?", ID);
    }
}
