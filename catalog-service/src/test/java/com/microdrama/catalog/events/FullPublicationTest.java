package com.microdrama.catalog.events;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FullPublicationTest {
    private static final int FORMAT = 2;
    private static final Optional<String> TOPIC = Optional.of("Xh2vV3XbQ0aG0c1u4Qm2Ag");

    private static Optional<FullPublication.Recorded> recorded(int format, String topicId) {
        return Optional.of(new FullPublication.Recorded(format, topicId));
    }

    @Test
    void aDatabaseThatNeverFilledTheTopicPublishesEverything() {
        assertTrue(FullPublication.reason(Optional.empty(), FORMAT, TOPIC).isPresent());
    }

    @Test
    void theSameTopicInTheSameFormatNeedsOnlyTheMarkers() {
        assertEquals(Optional.empty(), FullPublication.reason(recorded(FORMAT, TOPIC.get()), FORMAT, TOPIC));
    }

    @Test
    void aRecreatedTopicIsFilledAgain() {
        Optional<String> reason = FullPublication.reason(recorded(FORMAT, "an-older-topic"), FORMAT, TOPIC);

        assertTrue(reason.orElseThrow().contains("an-older-topic"), reason.toString());
    }

    @Test
    void aTopicWhoseIdWasUnknownWhenFilledIsFilledAgain() {
        assertTrue(FullPublication.reason(recorded(FORMAT, null), FORMAT, TOPIC).isPresent());
    }

    @Test
    void aMissingTopicIsFilledWhenItComes() {
        assertTrue(FullPublication.reason(recorded(FORMAT, TOPIC.get()), FORMAT, Optional.empty()).isPresent());
    }

    @Test
    void eventsInAnOlderFormatAreRepublished() {
        Optional<String> reason = FullPublication.reason(recorded(FORMAT - 1, TOPIC.get()), FORMAT, TOPIC);

        assertTrue(reason.orElseThrow().contains("format 1"), reason.toString());
    }

    @Test
    void anOlderVersionStartingAfterANewerOneDoesNotRepublish() {
        // a rollback must not overwrite the newer wording on the topic with its own every start
        assertEquals(Optional.empty(), FullPublication.reason(recorded(FORMAT + 1, TOPIC.get()), FORMAT, TOPIC));
    }
}
