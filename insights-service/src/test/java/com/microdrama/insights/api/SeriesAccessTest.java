package com.microdrama.insights.api;

import com.microdrama.support.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Who may read a series' insights: staff every series, a creator only the series they own. */
class SeriesAccessTest {
    private static final String CREATOR = "ad000000-0000-4000-8000-000000000006";
    private static final Map<String, String> OWNERS = Map.of("midnight-contract", CREATOR, "dawn", "another-creator");
    private final SeriesAccess access = new SeriesAccess(series -> Optional.ofNullable(OWNERS.get(series)));

    @Test
    void aCreatorReadsTheSeriesTheyOwn() {
        assertDoesNotThrow(() -> access.requireReader(caller(CREATOR, "creator"), "midnight-contract"));
    }

    @Test
    void aCreatorIsRefusedAnotherCreatorsSeriesWithAProblemNamingIt() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> access.requireReader(caller(CREATOR, "creator"), "dawn"));
        assertEquals(403, refused.status());
        assertEquals(SeriesAccess.NOT_SERIES_OWNER, refused.slug());
        assertEquals("dawn", refused.extensions().get("seriesId"));
    }

    @Test
    void aSeriesNoCreatorOwnsOrNobodyKnowsIsRefusedAsTheSameProblemNotAsUnknown() {
        ProblemException unknown = assertThrows(ProblemException.class,
                () -> access.requireReader(caller(CREATOR, "creator"), "no-such-series"));
        assertEquals(403, unknown.status());
        assertEquals(SeriesAccess.NOT_SERIES_OWNER, unknown.slug());
    }

    @Test
    void theOwnersSubjectWithoutTheCreatorRoleReadsNothing() {
        assertRefused(caller(CREATOR, "user"), "midnight-contract");
    }

    @Test
    void aCreatorWhoseTokenHasNoSubjectReadsNothing() {
        assertRefused(caller(null, "creator"), "midnight-contract");
    }

    @Test
    void aPrincipalThatIsNoTokenIsNeverTakenForTheOwner() {
        SecurityIdentity named = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(CREATOR))
                .addRole("creator").build();
        assertRefused(named, "midnight-contract");
    }

    @Test
    void adminsAndSupportReadEverySeriesWithoutTheOwnerTable() {
        SeriesAccess withoutOwners = new SeriesAccess(series -> {
            throw new AssertionError("staff must not need the owner table");
        });
        assertDoesNotThrow(() -> withoutOwners.requireReader(caller("admin-id", "admin"), "dawn"));
        assertDoesNotThrow(() -> withoutOwners.requireReader(caller("support-id", "support"), "no-such-series"));
    }

    private void assertRefused(SecurityIdentity caller, String seriesId) {
        ProblemException refused = assertThrows(ProblemException.class, () -> access.requireReader(caller, seriesId));
        assertEquals(403, refused.status());
        assertEquals(SeriesAccess.NOT_SERIES_OWNER, refused.slug());
    }

    /** An identity as Quarkus OIDC builds it from a bearer token: the token is the principal. */
    private static SecurityIdentity caller(String subject, String... roles) {
        return QuarkusSecurityIdentity.builder().setPrincipal(token(subject)).addRoles(Set.of(roles)).build();
    }

    private static JsonWebToken token(String subject) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "a-username";
            }

            @Override
            public Set<String> getClaimNames() {
                return subject == null ? Set.of() : Set.of("sub");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return "sub".equals(claimName) ? (T) subject : null;
            }
        };
    }
}
