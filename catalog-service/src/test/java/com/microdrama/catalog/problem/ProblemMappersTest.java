package com.microdrama.catalog.problem;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProblemMappersTest {

    @Test
    void violationFieldsAreWhatClientsSent() {
        assertEquals("size", ProblemMappers.field("list.size"));
        assertEquals("title", ProblemMappers.field("create.request.title"));
        assertEquals("regions[1]", ProblemMappers.field("create.request.regions[1].<list element>"));
        assertEquals("tiers[0].region", ProblemMappers.field("putRegionalPricing.request.tiers[0].region"));
        assertEquals("request", ProblemMappers.field("create.request"));
    }
}
