package com.microdrama.insights.api;

import com.microdrama.insights.funnel.FunnelQueries;
import com.microdrama.support.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who may read a series' insights (docs/decisions/0035-insights-on-kafka-streams.md): admins and support every
 * series; a creator only a series whose owner on catalog-events ({@code SeriesUpdated.creatorId}) is their token's
 * subject. A series the owner table does not know, or one the platform owns, is no creator's, and the answer is the
 * same 403 as for another creator's series, never a 404: a creator must not learn which series exist from it.
 */
@ApplicationScoped
public class SeriesAccess {
    static final String NOT_SERIES_OWNER = "not-series-owner";

    private final Function<String, Optional<String>> owners;

    @Inject
    public SeriesAccess(FunnelQueries queries) {
        this(queries::owner);
    }

    /** @param owners series id → the user id of its creator, empty when no creator owns it */
    SeriesAccess(Function<String, Optional<String>> owners) {
        this.owners = owners;
    }

    /** Returns when {@code caller} may read the insights of {@code seriesId}; 403 {@code not-series-owner} otherwise. */
    public void requireReader(SecurityIdentity caller, String seriesId) {
        // staff first: their answers must not wait for (or fail with) the owner table
        if (caller.hasRole(InsightsResource.ADMIN) || caller.hasRole(InsightsResource.SUPPORT)) {
            return;
        }
        if (caller.hasRole(InsightsResource.CREATOR) && caller.getPrincipal() instanceof JsonWebToken token
                && token.getSubject() != null
                && owners.apply(seriesId).filter(token.getSubject()::equals).isPresent()) {
            return;
        }
        throw new ProblemException(403, NOT_SERIES_OWNER, "Not the series' owner", "Only admins, support and the"
                + " creator who owns series " + seriesId + " may read its insights.", Map.of("seriesId", seriesId));
    }
}
