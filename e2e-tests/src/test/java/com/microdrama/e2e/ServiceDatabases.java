package com.microdrama.e2e;

import com.microdrama.testsupport.TestDatabase;

import java.util.Collection;
import java.util.List;

/**
 * The databases the packaged services run on (not the {@code *_test} twins the module tests use): where the ops
 * proofs look behind the APIs, and where they inject the damage reconcile has to find.
 */
final class ServiceDatabases {
    static final TestDatabase PAYMENTS = open("payments");
    static final TestDatabase ENTITLEMENTS = open("entitlements");

    /** The business columns of an entitlement row, as a rebuild must reproduce them. */
    static final String BUSINESS_COLUMNS = "id, user_id, kind, episode_id, series_id, valid_from, valid_until, source, revoked_at";

    private ServiceDatabases() {
    }

    private static TestDatabase open(String name) {
        String host = env("DB_HOST", "127.0.0.1");
        String port = env("DB_PORT", "5432");
        return new TestDatabase("jdbc:postgresql://" + host + ":" + port + "/" + name, env("DB_USER", "microdrama"),
                env("DB_PASSWORD", "microdrama"));
    }

    /** Every entitlement row of these users with the given columns, ordered by source (one row per source). */
    static List<String> entitlements(String columns, Collection<String> users) {
        return ENTITLEMENTS.rows("select " + columns + " from entitlement where user_id = any(?) order by source",
                (Object) users.toArray(String[]::new));
    }

    /** Every column, including which event granted and which revoked: a duplicate must not change even those. */
    static List<String> entitlementsInFull(Collection<String> users) {
        return entitlements(BUSINESS_COLUMNS + ", cause_event_id, revoke_event_id", users);
    }

    /** Refund-before-purchase tombstones of these users. */
    static List<String> revocations(Collection<String> users) {
        return ENTITLEMENTS.rows("select source, revoked_at, revoke_event_id from revocation where user_id = any(?) "
                + "order by source", (Object) users.toArray(String[]::new));
    }

    /** Inbox rows (applied payment events, with when they were applied) among these event ids. */
    static List<String> inbox(Collection<String> eventIds) {
        return ENTITLEMENTS.rows("select event_id, type, processed_at from processed_event where event_id = any(?) "
                + "order by event_id", (Object) eventIds.toArray(String[]::new));
    }

    /** entitlement-events announced for these users (outbox rows, keyed by user id). */
    static long announcements(Collection<String> users) {
        return ENTITLEMENTS.count("select count(*) from outbox_event where record_key = any(?)",
                (Object) users.toArray(String[]::new));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
