package com.microdrama.catalog.security;

import com.microdrama.support.security.TokenClaims;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.LocalDate;
import java.time.ZoneOffset;
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

    public Caller(CurrentIdentityAssociation identities, HttpServerRequest request) {
        this.identities = identities;
        this.request = request;
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

    /** The subject plus the optional region and age claims; {@link Viewer#ANONYMOUS} without a token. */
    public Uni<Viewer> viewer() {
        return identity().map(identity -> {
            Optional<String> subject = subjectOf(identity);
            if (subject.isEmpty()) {
                return Viewer.ANONYMOUS;
            }
            if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
                return new Viewer(subject, Optional.empty(), OptionalInt.empty());
            }
            return new Viewer(subject,
                    ViewerClaims.region(TokenClaims.get(jwt, "region"), TokenClaims.get(jwt, "country"), addressCountry(jwt)),
                    ViewerClaims.age(TokenClaims.get(jwt, "age"), TokenClaims.get(jwt, "birthdate"), LocalDate.now(ZoneOffset.UTC)));
        });
    }

    private static Object addressCountry(JsonWebToken jwt) {
        Object address = TokenClaims.get(jwt, "address");
        if (address instanceof jakarta.json.JsonObject json && json.containsKey("country")) {
            return json.get("country");
        }
        if (address instanceof java.util.Map<?, ?> map) {
            return map.get("country");
        }
        return null;
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
