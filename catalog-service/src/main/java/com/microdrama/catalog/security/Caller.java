package com.microdrama.catalog.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who is calling, for endpoints where a token is optional. Authentication is lazy (quarkus.http.auth.proactive=false),
 * so an anonymous browse never touches Keycloak; a token that is present but invalid still fails with 401.
 */
@ApplicationScoped
public class Caller {

    private final CurrentIdentityAssociation identities;

    public Caller(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** The token's subject (the user id everywhere), or empty for an anonymous caller. */
    public Uni<Optional<String>> subject() {
        return identities.getDeferredIdentity().map(Caller::subjectOf);
    }

    /** The subject plus the optional region and age claims; {@link Viewer#ANONYMOUS} without a token. */
    public Uni<Viewer> viewer() {
        return identities.getDeferredIdentity().map(identity -> {
            Optional<String> subject = subjectOf(identity);
            if (subject.isEmpty()) {
                return Viewer.ANONYMOUS;
            }
            if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
                return new Viewer(subject, Optional.empty(), OptionalInt.empty());
            }
            return new Viewer(subject,
                    ViewerClaims.region(jwt.getClaim("region"), jwt.getClaim("country"), addressCountry(jwt)),
                    ViewerClaims.age(jwt.getClaim("age"), jwt.getClaim("birthdate"), LocalDate.now(ZoneOffset.UTC)));
        });
    }

    private static Object addressCountry(JsonWebToken jwt) {
        Object address = jwt.getClaim("address");
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
