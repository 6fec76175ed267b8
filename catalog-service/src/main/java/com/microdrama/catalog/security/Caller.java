package com.microdrama.catalog.security;

import com.microdrama.events.viewer.ViewerAge;
import com.microdrama.events.viewer.ViewerRegion;
import com.microdrama.support.security.TokenClaims;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who is calling, for endpoints where a token is optional. Authentication is lazy (quarkus.http.auth.proactive=false),
 * so an anonymous browse never touches Keycloak; a token that is present but invalid still fails with 401, and so
 * does an Authorization header that carries no bearer token at all ("Bearer " or "Basic …"): the client meant to
 * sign in, and answering as if anonymous would hide that its credentials were refused.
 */
@ApplicationScoped
public class Caller {

    private final CurrentIdentityAssociation identities;
    private final HttpServerRequest request;
    private final Clock clock;

    public Caller(CurrentIdentityAssociation identities, HttpServerRequest request, Clock clock) {
        this.identities = identities;
        this.request = request;
        this.clock = clock;
    }

    /** The token's subject (the user id everywhere), or empty for an anonymous caller. */
    public Uni<Optional<String>> subject() {
        return identity().map(Caller::subjectOf);
    }

    private Uni<SecurityIdentity> identity() {
        return identities.getDeferredIdentity().map(identity -> {
            if ((identity == null || identity.isAnonymous()) && sentCredentials(request.getHeader("Authorization"))) {
                throw new AuthenticationFailedException("an Authorization header without a valid bearer token");
            }
            return identity;
        });
    }

    static boolean sentCredentials(String authorization) {
        return authorization != null && !authorization.isBlank();
    }

    /**
     * The caller as every catalog rule sees them: subject, the trusted region ({@link ViewerRegion#resolve}: the
     * token's region claim, else the gateway's {@value ViewerRegion#COUNTRY_HEADER}, else the default)
     * and the age from the {@code birthdate} claim only.
     */
    public Uni<Viewer> viewer() {
        String gatewayCountry = request.getHeader(ViewerRegion.COUNTRY_HEADER);
        return identity().map(identity -> {
            Optional<String> subject = subjectOf(identity);
            if (subject.isEmpty()) {
                return Viewer.anonymous(ViewerRegion.resolve(null, gatewayCountry));
            }
            if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
                return new Viewer(subject, ViewerRegion.resolve(null, gatewayCountry), OptionalInt.empty());
            }
            Object regionClaim = TokenClaims.get(jwt, "region");
            return new Viewer(subject, ViewerRegion.resolve(regionClaim, gatewayCountry),
                    ViewerAge.fromBirthdate(TokenClaims.get(jwt, "birthdate"), LocalDate.now(clock)));
        });
    }

    static Optional<String> subjectOf(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return Optional.empty();
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return Optional.of(jwt.getSubject());
        }
        return Optional.ofNullable(identity.getPrincipal().getName());
    }
}
