package com.microdrama.catalog.series;

import com.microdrama.catalog.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Browsing: anonymous allowed; a bearer token, when sent, adds the viewer's lock state to the series page. */
@Path("/api/catalog/series")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "series")
public class SeriesResource {
    private static final String LANGUAGE_LIST = "^[A-Za-z0-9*,;=.\\- ]*$";

    private final SeriesService series;
    private final Caller caller;

    public SeriesResource(SeriesService series, Caller caller) {
        this.series = series;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Browse published series (filter by genre, search titles in any language)")
    public Uni<SeriesPage> list(
            @QueryParam("genre") @Size(max = 50) String genre,
            @QueryParam("q") @Size(max = 100) String q,
            @Parameter(description = "Language for titles (a tag or an Accept-Language list); defaults to Accept-Language")
            @QueryParam("language") @Size(max = 100) @Pattern(regexp = LANGUAGE_LIST) String language,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        return series.browse(new SeriesRepository.Filter(genre, q), language != null ? language : acceptLanguage,
                page, size);
    }

    @GET
    @Path("/{seriesId}")
    @Operation(summary = "A series with its episodes; locked/unlockReason per episode when signed in")
    public Uni<Response> detail(
            @PathParam("seriesId") @Size(max = 100) String seriesId,
            @Parameter(description = "Overrides Accept-Language")
            @QueryParam("language") @Size(max = 100) @Pattern(regexp = LANGUAGE_LIST) String language,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        return caller.subject()
                .flatMap(viewer -> series.detail(seriesId, language != null ? language : acceptLanguage, viewer))
                .map(detail -> Response.ok(detail)
                        .header(HttpHeaders.CONTENT_LANGUAGE, detail.language())
                        .header(HttpHeaders.VARY, "Accept-Language, Authorization")
                        .build());
    }
}
