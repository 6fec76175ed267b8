package com.microdrama.entitlement.access;

import com.microdrama.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RegionTest {

    @Test
    void aParameterMayBeAbsentButNotMalformed() {
        assertNull(Region.fromParameter("region", null));
        assertEquals("US", Region.fromParameter("region", "US"));
        ProblemException bad = assertThrows(ProblemException.class, () -> Region.fromParameter("region", "usa"));
        assertEquals(400, bad.status());
        assertEquals("validation-failed", bad.slug());
        assertThrows(ProblemException.class, () -> Region.fromParameter("region", "ZZ"));
        assertThrows(ProblemException.class, () -> Region.fromParameter("region", ""));
    }
}
