package com.microdrama.catalog.security;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/**
 * The signed-in caller's subject. Cheap on purpose: it validates the bearer token exactly like playback does and
 * touches nothing else, so bench/ uses it as the "trivial authenticated endpoint" that playback is compared with.
 */
@Path("/api/catalog/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "security")
public class WhoAmIResource {

    private final SecurityIdentity identity;

    public WhoAmIResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Authenticated
    @Operation(summary = "The caller's user id (token subject)")
    public Map<String, String> me() {
        return Map.of("subject", Caller.subjectOf(identity).orElseThrow());
    }
}
