package com.microdrama.insights.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Every knob of insights-service ({@code insights.*}) with its default, stated here and nowhere else (as in the other
 * services). Kafka Streams' own settings are Quarkus' {@code quarkus.kafka-streams.*} and {@code kafka-streams.*}.
 */
@ConfigMapping(prefix = "insights")
public interface InsightsConfig {

    /**
     * HMAC key of the viewer pseudonym ({@code VIEWER_PSEUDONYM_KEY}, Secret viewer-pseudonym): the key catalog-service
     * writes viewing-events with, so a purchase's user id becomes the same pseudonym. No default in any profile.
     */
    String pseudonymKey();

    /** How long after a day ended (in stream time) a late fact still counts for it; later ones are dropped, counted. */
    @WithDefault("PT48H")
    Duration grace();

    /**
     * How long an unlock and a coin-pack purchase are remembered for their refunds (in stream time); a refund after
     * that is skipped, not subtracted.
     */
    @WithDefault("P400D")
    Duration refundWindow();

    /** The topics read (tests point them at scratch topics of their own). */
    Topics topics();

    interface Topics {
        @WithDefault("viewing-events")
        String viewing();

        @WithDefault("payment-events")
        String payment();

        /**
         * The compacted catalog topic: the owner of each series (a creator's user id) for the API's access rule
         * (SeriesAccess), read whole by every instance as a global store.
         */
        @WithDefault("catalog-events")
        String catalog();
    }

    /** The API's answers. */
    Api api();

    interface Api {
        /** The longest date range one request may ask for. */
        @WithDefault("366")
        int maxDays();
    }
}
