package com.microdrama.payment.catalog;

import com.microdrama.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SaleGateTest {

    private static ProblemException refusal(String[] regions, String rating, String region, OptionalInt age) {
        return assertThrows(ProblemException.class, () -> SaleGate.check("s", regions, rating, region, age));
    }

    @Test
    void aSeriesLicensedElsewhereIs451ForTheBuyersRegion() {
        ProblemException e = refusal(new String[]{"DE", "AT"}, "all", "US", OptionalInt.of(30));
        assertEquals(451, e.status());
        assertEquals("not-available-in-region", e.slug());
        assertDoesNotThrow(() -> SaleGate.check("s", new String[]{"DE", "AT"}, "all", "AT", OptionalInt.empty()));
    }

    @Test
    void noLicenceRegionsMeansEverywhere() {
        assertDoesNotThrow(() -> SaleGate.check("s", new String[0], "all", "BR", OptionalInt.empty()));
        assertDoesNotThrow(() -> SaleGate.check("s", null, "all", "BR", OptionalInt.empty()));
    }

    @Test
    void tooYoungIsAgeRestrictedAndAnUnknownAgeNeedsVerificationFor16AndUp() {
        assertEquals("age-restricted", refusal(new String[0], "16+", "US", OptionalInt.of(12)).slug());
        ProblemException unknown = refusal(new String[0], "18+", "US", OptionalInt.empty());
        assertEquals(403, unknown.status());
        assertEquals("age-verification-required", unknown.slug());
        assertDoesNotThrow(() -> SaleGate.check("s", new String[0], "13+", "US", OptionalInt.empty()));
        assertDoesNotThrow(() -> SaleGate.check("s", new String[0], "16+", "US", OptionalInt.of(16)));
    }

    @Test
    void aRatingFromAnOlderEventWithoutOneSellsAsAllButAnUnknownLabelAsTheStrictest() {
        assertDoesNotThrow(() -> SaleGate.check("s", new String[0], null, "US", OptionalInt.empty()));
        assertEquals("age-verification-required", refusal(new String[0], "21+", "US", OptionalInt.empty()).slug());
    }
}
