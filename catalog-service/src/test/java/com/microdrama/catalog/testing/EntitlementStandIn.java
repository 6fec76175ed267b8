package com.microdrama.catalog.testing;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Test-only stand-in for entitlement-service's service API, served by the app under test on the fixed test port
 * (entitlement.url points here in %test). It validates bearer tokens exactly like the real one would (real
 * Keycloak, audience microdrama-api, role "service") and records who called, so tests can prove catalog-service
 * sent its own service-account token rather than the viewer's. Tests steer its answers through the static controls.
 */
@Path("/api/entitlements/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("service")
public class EntitlementStandIn {

    public enum Mode { ANSWER, SLOW, DOWN }

    public record Call(String path, String userId, String target, String callerClient, String callerSubject,
                       String region) {
    }

    private static volatile Mode mode = Mode.ANSWER;
    private static final Map<String, String> grants = new ConcurrentHashMap<>();
    private static final Queue<Call> calls = new ConcurrentLinkedQueue<>();

    private final JsonWebToken token;

    public EntitlementStandIn(JsonWebToken token) {
        this.token = token;
    }

    public static void reset() {
        mode = Mode.ANSWER;
        grants.clear();
        calls.clear();
    }

    public static void mode(Mode newMode) {
        mode = newMode;
    }

    public static void grant(String userId, String episodeId, String reason) {
        grants.put(userId + "|" + episodeId, reason);
    }

    public static void revoke(String userId, String episodeId) {
        grants.remove(userId + "|" + episodeId);
    }

    public static List<Call> calls() {
        return List.copyOf(calls);
    }

    @GET
    @Path("/check")
    public Uni<Response> check(@PathParam("userId") String userId, @QueryParam("episodeId") String episodeId,
                               @QueryParam("region") String region) {
        record("check", userId, episodeId, region);
        String reason = grants.get(userId + "|" + episodeId);
        return answer(Map.of("episodeId", episodeId, "allowed", reason != null, "reason", reason != null ? reason : "none"));
    }

    @GET
    @Path("/series/{seriesId}")
    public Uni<Response> series(@PathParam("userId") String userId, @PathParam("seriesId") String seriesId,
                                @QueryParam("region") String region) {
        record("series", userId, seriesId, region);
        List<Map<String, Object>> episodes = grants.entrySet().stream()
                .filter(e -> e.getKey().startsWith(userId + "|" + seriesId + "-ep-"))
                .map(e -> Map.<String, Object>of("episodeId", e.getKey().substring(e.getKey().indexOf('|') + 1),
                        "allowed", true, "reason", e.getValue()))
                .toList();
        return answer(Map.of("seriesId", seriesId, "episodes", episodes));
    }

    private void record(String path, String userId, String target, String region) {
        calls.add(new Call(path, userId, target, token.getClaim("azp"), token.getSubject(), region));
    }

    private static Uni<Response> answer(Object body) {
        return switch (mode) {
            case ANSWER -> Uni.createFrom().item(Response.ok(body).build());
            case SLOW -> Uni.createFrom().item(Response.ok(body).build()).onItem().delayIt().by(Duration.ofSeconds(3));
            case DOWN -> Uni.createFrom().item(Response.status(503).build());
        };
    }
}
