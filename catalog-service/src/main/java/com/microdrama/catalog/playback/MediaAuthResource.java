package com.microdrama.catalog.playback;

import com.microdrama.support.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/**
 * The media edge's verifier: the local gateway asks it (nginx {@code auth_request}) before it serves any file under
 * {@code /media/}, passing the raw request path in {@value #ORIGINAL_URI}. Stateless and cheap (one HMAC), so a
 * segment fetch costs no database or entitlement call: the decision was made when the URL was signed. Not routed
 * by the gateway (its paths are {@code /api/...} only); it answers yes or no and mints nothing.
 */
@Path("/internal/media-auth")
@Tag(name = "playback")
public class MediaAuthResource {
    static final String ORIGINAL_URI = "X-Original-URI";

    private final PlaybackSigner signer;

    public MediaAuthResource(PlaybackSigner signer) {
        this.signer = signer;
    }

    @GET
    @SecurityRequirements
    @Operation(operationId = "verifyMediaAccess",
            summary = "For the media edge only: 204 when the signed media path in X-Original-URI verifies (asset prefix, user, expiry), else 403")
    @APIResponse(responseCode = "204", description = "The path carries a valid, unexpired signature")
    @APIResponse(responseCode = "403", description = "Problem media-access-denied: missing, edited, forged or expired")
    public Response verify(@HeaderParam(ORIGINAL_URI) String originalUri) {
        if (signer.verify(originalUri).isEmpty()) {
            throw new ProblemException(403, "media-access-denied", "Media access denied",
                    "The media path carries no valid, unexpired playback signature.", Map.of());
        }
        return Response.noContent().build();
    }
}
