package com.microdrama.catalog.testing;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;

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

    // The answers, typed so that EntitlementStandInContractTest can hold every field against entitlement-service's
    // OpenAPI document (schemas EpisodeCheck, SeriesCheck, SeriesEpisode): the stand-in cannot drift from it.
    public record EpisodeCheck(String episodeId, boolean allowed, String reason) {
    }

    public record SeriesEpisode(String episodeId, boolean allowed, String reason) {
    }

    public record SeriesCheck(String seriesId, List<SeriesEpisode> episodes) {
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
    public Uni<RestResponse<EpisodeCheck>> check(@PathParam("userId") String userId, @QueryParam("episodeId") String episodeId,
                               @QueryParam("region") String region) {
        record("check", userId, episodeId, region);
        String reason = grants.get(userId + "|" + episodeId);
        return answer(new EpisodeCheck(episodeId, reason != null, reason != null ? reason : "none"));
    }

    @GET
    @Path("/series/{seriesId}")
    public Uni<RestResponse<SeriesCheck>> series(@PathParam("userId") String userId, @PathParam("seriesId") String seriesId,
                                @QueryParam("region") String region) {
        record("series", userId, seriesId, region);
        List<SeriesEpisode> episodes = grants.entrySet().stream()
                .filter(e -> e.getKey().startsWith(userId + "|" + seriesId + "-ep-"))
                .map(e -> new SeriesEpisode(e.getKey().substring(e.getKey().indexOf('|') + 1), true, e.getValue()))
                .toList();
        return answer(new SeriesCheck(seriesId, episodes));
    }

    private void record(String path, String userId, String target, String region) {
        calls.add(new Call(path, userId, target, token.getClaim("azp"), token.getSubject(), region));
    }

    private static <T> Uni<RestResponse<T>> answer(T body) {
        return switch (mode) {
            case ANSWER -> Uni.createFrom().item(RestResponse.ok(body));
            case SLOW -> Uni.createFrom().item(RestResponse.ok(body)).onItem().delayIt().by(Duration.ofSeconds(3));
            case DOWN -> Uni.createFrom().item(RestResponse.status(RestResponse.Status.SERVICE_UNAVAILABLE));
        };
    }
}
