package com.microdrama.payment.it;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Test-only stand-in for entitlement-service's {@code GET /api/entitlements/users/{userId}/series/{seriesId}},
 * served by the app under test on its fixed test port (entitlement.url points here in %test). It answers in the
 * real service's shape, validates the bearer token like any endpoint of ours (real Keycloak) and records which client
 * called, so tests can prove payment-service sends its own service-account token. Tests steer it statically.
 */
@Path("/api/entitlements/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class EntitlementStandIn {

    public enum Mode { ANSWER, SLOW, DOWN, UNKNOWN_SERIES }

    public record Call(String userId, String seriesId, String callerClient, String region) {
    }

    private static volatile Mode mode = Mode.ANSWER;
    private static final Map<String, Map<String, String>> grants = new ConcurrentHashMap<>();
    private static final Queue<Call> calls = new ConcurrentLinkedQueue<>();

    private final JsonWebToken token;

    public EntitlementStandIn(JsonWebToken token) {
        this.token = token;
    }

    static void mode(Mode newMode) {
        mode = newMode;
    }

    /** {@code reason}: the wire value entitlement-service answers (vip, promo, episode-purchase, …). */
    static void grant(String userId, String seriesId, String episodeId, String reason) {
        grants.computeIfAbsent(userId + "|" + seriesId, k -> new ConcurrentHashMap<>()).put(episodeId, reason);
    }

    static List<Call> calls() {
        return List.copyOf(calls);
    }

    @GET
    @Path("/series/{seriesId}")
    public Uni<Response> series(@PathParam("userId") String userId, @PathParam("seriesId") String seriesId,
                                @QueryParam("region") String region) {
        calls.add(new Call(userId, seriesId, token.getClaim("azp"), region));
        List<Map<String, Object>> episodes = grants.getOrDefault(userId + "|" + seriesId, Map.of()).entrySet().stream()
                .map(e -> Map.<String, Object>of("episodeId", e.getKey(), "number", 4, "allowed", true,
                        "reason", e.getValue()))
                .toList();
        Map<String, Object> body = Map.of("seriesId", seriesId, "episodes", episodes);
        return switch (mode) {
            case ANSWER -> Uni.createFrom().item(Response.ok(body).build());
            case SLOW -> Uni.createFrom().item(Response.ok(body).build()).onItem().delayIt().by(Duration.ofSeconds(5));
            case DOWN -> Uni.createFrom().item(Response.status(503).build());
            case UNKNOWN_SERIES -> Uni.createFrom().item(Response.status(404).type("application/problem+json")
                    .entity(Map.of("type", "https://microdrama.example/problems/unknown-series", "status", 404)).build());
        };
    }
}
