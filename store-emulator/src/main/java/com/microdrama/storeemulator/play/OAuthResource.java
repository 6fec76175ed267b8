package com.microdrama.storeemulator.play;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Map;

/**
 * Google's OAuth side: the token endpoint of the service-account key files ({@code token_uri}) and the certs of the
 * push OIDC tokens, at Google's paths. Rooted at {@code /} with both paths on the methods, so that it takes only
 * these two and every longer root path still goes to its own resource.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class OAuthResource {

    private final ServiceAccounts accounts;
    private final GoogleSigningKeys signingKeys;

    public OAuthResource(ServiceAccounts accounts, GoogleSigningKeys signingKeys) {
        this.accounts = accounts;
        this.signingKeys = signingKeys;
    }

    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response token(@FormParam("grant_type") String grantType, @FormParam("assertion") String assertion, @Context UriInfo uri) {
        try {
            return Response.ok(accounts.grant(grantType, assertion, tokenUri(uri))).header("Cache-Control", "no-store").build();
        } catch (ServiceAccounts.GrantError e) {
            return Response.status(400).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", e.error, "error_description", e.getMessage())).build();
        }
    }

    @GET
    @Path("oauth2/v3/certs")
    public Map<String, Object> certs() {
        return signingKeys.jwks();
    }

    static String tokenUri(UriInfo uri) {
        return uri.getBaseUriBuilder().replacePath("/token").replaceQuery(null).build().toString();
    }
}
