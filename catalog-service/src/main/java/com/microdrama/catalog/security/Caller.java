package com.microdrama.catalog.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

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
