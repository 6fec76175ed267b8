package com.microdrama.payment.it;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Coin packs belong to a market: the buyer's trusted region, never one the client names. */
@QuarkusTest
class PackMarketIT {
    private static final String GLOBAL = "it-global-pack";

    @BeforeAll
    static void globalPack() {
        TestDb.execute("insert into coin_pack (id, region, coins, bonus_coins, price_amount, currency, sort_order)"
                + " values (?, null, 50, 0, 0.49, 'USD', 1) on conflict (id) do update set active = true", GLOBAL);
    }

    @AfterAll
    static void noGlobalPack() {
        TestDb.execute("update coin_pack set active = false where id = ?", GLOBAL);
    }

    @Test
    void aUsViewerCannotBuyTheGermanPackEvenAfterListingGermany() {
        Api us = Api.fresh("market");
        us.get("/api/payments/packs?region=DE").then()
                .statusCode(200)
                .body("id", not(hasItem("coins-500-eur")))
                .body("id", hasItem(GLOBAL));
        us.post("/api/payments/pack-purchases", UUID.randomUUID().toString(), Map.of("packId", "coins-500-eur")).then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "pack-not-available-in-region"))
                .body("region", equalTo("US"));
        assertEquals(0, TestDb.count("select count(*) from pack_purchase where user_id = ?", us.userId));
        assertEquals(0, us.balance());
    }

    @Test
    void aGermanViewerBuysGermanAndGlobalPacksButNotAmericanOnes() {
        Api de = Api.freshWithAttributes(Map.of("region", "DE"));
        de.get("/api/payments/packs").then()
                .statusCode(200)
                .body("id", hasItem("coins-500-eur"))
                .body("id", hasItem(GLOBAL))
                .body("id", not(hasItem("coins-500")));
        de.buy("coins-500-eur");
        de.buy(GLOBAL);
        de.post("/api/payments/pack-purchases", UUID.randomUUID().toString(), Map.of("packId", "coins-500")).then()
                .statusCode(422)
                .body("type", equalTo(Api.PROBLEM + "pack-not-available-in-region"));
        assertEquals(600, de.balance());
    }

    @Test
    void withoutARegionClaimTheGatewaysCountryHeaderPicksTheMarket() {
        Api viewer = Api.fresh("geo");
        given().auth().oauth2(viewer.token).header("X-Viewer-Country", "DE").get("/api/payments/packs").then()
                .statusCode(200)
                .body("id", hasItem("coins-500-eur"))
                .body("id", not(hasItem("coins-500")));
    }
}
