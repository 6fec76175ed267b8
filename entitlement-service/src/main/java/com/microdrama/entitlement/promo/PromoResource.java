package com.microdrama.entitlement.promo;

import com.microdrama.entitlement.promo.PromoViews.PromoPage;
import com.microdrama.entitlement.promo.PromoViews.PromoRequest;
import com.microdrama.entitlement.promo.PromoViews.PromoView;
import com.microdrama.support.idempotency.IdempotencyKeys;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.Locale;

/** Region-wide promos: {@code admin} creates and ends them, {@code admin} or {@code support} reads them. */
@Path("/api/entitlements/admin/promos")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"admin", "support"})
public class PromoResource {
    /** region_promo.idempotency_key is varchar(200); checked like the grants' key (AdminResource). */
    private static final int MAX_KEY_LENGTH = 200;

    private final RegionPromos promos;
    private final JsonWebToken token;

    public PromoResource(RegionPromos promos, JsonWebToken token) {
        this.promos = promos;
        this.token = token;
    }

    /** 201 with the promo; with an Idempotency-Key, a repeat answers 200 with the same promo. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public Uni<RestResponse<PromoView>> create(@NotNull @Valid PromoRequest request,
                                               @HeaderParam(IdempotencyKeys.HEADER)
                                               @Parameter(schema = @Schema(minLength = 1, maxLength = MAX_KEY_LENGTH))
                                               String idempotencyKey,
                                               @Context HttpHeaders headers) {
        // the parameter declares the header in the OpenAPI document; the headers tell an empty one from none
        String key = IdempotencyKeys.optionalHeader(headers.getRequestHeaders().get(IdempotencyKeys.HEADER), MAX_KEY_LENGTH);
        return promos.create(request, token.getSubject(), key).map(outcome -> outcome.created()
                ? RestResponse.ResponseBuilder.<PromoView>created(
                        URI.create("/api/entitlements/admin/promos/" + outcome.promo().id()))
                        .entity(outcome.promo()).build()
                : RestResponse.ok(outcome.promo()));
    }

    @GET
    public Uni<PromoPage> list(@QueryParam("seriesId") @Size(min = 1, max = 200) String seriesId,
                               @QueryParam("state") @Pattern(regexp = "scheduled|active|expired|ended",
                                       message = "must be one of scheduled, active, expired, ended") String state,
                               @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                               @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        RegionPromo.State wanted = state == null ? null : RegionPromo.State.valueOf(state.toUpperCase(Locale.ROOT));
        return promos.list(seriesId, wanted, page, size);
    }

    @GET
    @Path("/{id}")
    public Uni<PromoView> promo(@PathParam("id") @NotBlank @Size(max = 200) String id) {
        return promos.find(id);
    }

    /** Ends the promo now; 204 also when it had already ended or run out. */
    @DELETE
    @Path("/{id}")
    @RolesAllowed("admin")
    public Uni<Response> end(@PathParam("id") @NotBlank @Size(max = 200) String id,
                             @QueryParam("reason") @Size(max = 500) String reason) {
        return promos.end(id, token.getSubject(), reason).map(ignored -> Response.noContent().build());
    }
}
