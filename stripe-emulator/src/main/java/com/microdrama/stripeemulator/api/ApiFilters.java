package com.microdrama.stripeemulator.api;

import com.microdrama.stripeemulator.EmulatorConfig;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Stripe's key check on {@code /v1/…}: the secret key opens everything, the publishable key only what Stripe.js may
 * call (the resource then checks the intent's {@code client_secret}); and Stripe's error JSON for what no endpoint
 * handles.
 */
public class ApiFilters {

    /** What a publishable key may reach on Stripe (of what the emulator serves): a PaymentIntent's retrieve and confirm. */
    private static final Pattern PUBLISHABLE_GET = Pattern.compile("/v1/payment_intents/[^/]+");
    private static final Pattern PUBLISHABLE_POST = Pattern.compile("/v1/payment_intents/[^/]+/confirm");

    private final EmulatorConfig config;

    public ApiFilters(EmulatorConfig config) {
        this.config = config;
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return Optional.of(error(ApiError.unauthorized("You did not provide an API key. You need to provide your API "
                    + "key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').")));
        }
        String key = keyOf(header);
        if (key.equals(config.publishableKey()) && !key.equals(config.apiKey())) {
            String path = request.getUriInfo().getPath();
            boolean allowed = switch (request.getMethod()) {
                case "GET" -> PUBLISHABLE_GET.matcher(path).matches();
                case "POST" -> PUBLISHABLE_POST.matcher(path).matches();
                default -> false;
            };
            return allowed ? Optional.empty() : Optional.of(error(ApiError.secretKeyRequired()));
        }
        if (!key.equals(config.apiKey())) {
            String shown = key.length() > 4 ? key.substring(0, Math.min(8, key.length() - 4)) + "****" + key.substring(key.length() - 4) : "****";
            return Optional.of(error(ApiError.unauthorized("Invalid API Key provided: " + shown)));
        }
        return Optional.empty();
    }

    /** The key of an Authorization header: Bearer, or the Basic user name; "" when neither. */
    static String keyOf(String header) {
        if (header == null) {
            return "";
        }
        return header.startsWith("Bearer ") ? header.substring(7).trim() : header.startsWith("Basic ") ? basicUser(header.substring(6).trim()) : "";
    }

    /** Stripe also takes the key as the Basic user name ({@code curl -u sk_test_…:}). */
    private static String basicUser(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            return decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    @ServerExceptionMapper
    public Response apiError(ApiError e) {
        return error(e);
    }

    @ServerExceptionMapper({NotFoundException.class, NotAllowedException.class})
    public Response unknownUrl(UriInfo uri, ContainerRequestContext request) {
        return error(ApiError.unrecognizedUrl(request.getMethod() + ": " + uri.getPath()));
    }

    private static Response error(ApiError e) {
        return Response.status(e.status).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body().toString()).build();
    }
}
