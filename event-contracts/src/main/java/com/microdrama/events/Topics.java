package com.microdrama.events;

/** Kafka topic names shared by producers and consumers. Partition counts and retention live in deploy/local/topics.conf. */
public final class Topics {
    /** Money facts from payment-service; key = user id, so one user's events stay in order. */
    public static final String PAYMENT_EVENTS = "payment-events";
    /** Catalog state (episodes, series, prices); compacted, key = episode or series id. */
    public static final String CATALOG_EVENTS = "catalog-events";
    /** Grants and revocations from entitlement-service; key = user id. */
    public static final String ENTITLEMENT_EVENTS = "entitlement-events";
    /**
     * What viewers were shown and did, from catalog-service (playback authorized, paywall shown): high-volume
     * analytics facts, key = series id (the aggregation key), the viewer only as a pseudonym.
     */
    public static final String VIEWING_EVENTS = "viewing-events";
    /** Events entitlement-service could not process, with the reason in headers. */
    public static final String ENTITLEMENT_DLQ = "entitlement-events-dlq";
    /** catalog-events records payment-service dead-lettered (docs/decisions/0004), with the reason in headers. */
    public static final String PAYMENT_DLQ = "payment-service-dlq";

    private Topics() {
    }
}
