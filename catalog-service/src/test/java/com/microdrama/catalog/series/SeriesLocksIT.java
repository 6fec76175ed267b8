package com.microdrama.catalog.series;

import com.microdrama.catalog.testing.EntitlementStandIn;
import com.microdrama.catalog.testing.Viewers;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Series page for a signed-in viewer: lock state from one batch call to (a stand-in of) entitlement-service. */
@QuarkusTest
class SeriesLocksIT {

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    void reset() {
        EntitlementStandIn.reset();
        circuitBreakers.resetAll();
    }

    @Test
    void signedInViewerSeesLockStateFromOneBatchCall() {
        String alice = Viewers.aliceId();
        EntitlementStandIn.grant(alice, "midnight-contract-ep-04", "episode-purchase");
        EntitlementStandIn.grant(alice, "midnight-contract-ep-05", "promo");

        given().auth().oauth2(Viewers.alice())
                .when().get("/api/catalog/series/midnight-contract")
                .then().statusCode(200)
                .body("episodes.locked", contains(false, false, false, false, false,
                        true, true, true, true, true, true, true))
                .body("episodes.unlockReason", contains("free", "free", "free", "episode-purchase", "promo",
                        "none", "none", "none", "none", "none", "none", "none"))
                .body("$", not(hasKey("entitlementsAvailable")));

        List<EntitlementStandIn.Call> calls = EntitlementStandIn.calls();
        assertEquals(1, calls.size(), "one batch call for the whole series, not one per episode: " + calls);
        EntitlementStandIn.Call call = calls.get(0);
        assertEquals("series", call.path());
        assertEquals(alice, call.userId());
        assertEquals("midnight-contract", call.target());
        // the stand-in only lets a valid Keycloak token with role "service" in; it must be catalog-service's own
        assertEquals("catalog-service", call.callerClient());
        assertNotEquals(alice, call.callerSubject());
    }

    @Test
    void anonymousViewerCausesNoEntitlementCall() {
        given().when().get("/api/catalog/series/midnight-contract")
                .then().statusCode(200)
                .body("episodes", everyItem(not(hasKey("locked"))));
        assertEquals(List.of(), EntitlementStandIn.calls());
    }

    @Test
    void entitlementServiceDownShowsPaidEpisodesLockedAndFreeOnesUnlocked() {
        EntitlementStandIn.mode(EntitlementStandIn.Mode.DOWN);
        EntitlementStandIn.grant(Viewers.aliceId(), "midnight-contract-ep-04", "episode-purchase");

        given().auth().oauth2(Viewers.alice())
                .when().get("/api/catalog/series/midnight-contract")
                .then().statusCode(200)
                .body("entitlementsAvailable", equalTo(false))
                .body("episodes.locked", contains(false, false, false, true, true, true, true, true, true, true,
                        true, true));
    }
}
