package com.microdrama.ops.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.ops.kafka.RecordJson;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;

/**
 * One line an operator can act on for each way the rebuild API or Keycloak can refuse: which option to fix, instead
 * of a status code and a JSON body. Pure, so every message is unit-tested.
 */
public final class RebuildRefusals {
    private static final int MAX_BODY = 300;

    private RebuildRefusals() {
    }

    /** A base URL option as an http(s) URI, or empty when it is not one. */
    public static Optional<URI> baseUrl(String text) {
        try {
            URI uri = new URI(text.replaceAll("/+$", ""));
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    static String signInRefused(String tokenUrl, String clientId, String user, int status, String body) {
        String why = status == 401 ? "wrong user name or password (--admin-user/--admin-password, env OPS_ADMIN_USER/OPS_ADMIN_PASSWORD)"
                : status == 400 ? "client '" + clientId + "' or the realm does not allow a password grant (--client-id, --realm)"
                : status == 404 ? "no such realm at that Keycloak (--keycloak-url, --realm)"
                : "unexpected answer";
        return "Keycloak refused the sign-in of '" + user + "' at " + tokenUrl + " (" + status + "): " + why
                + " -- " + summary(body);
    }

    static String startRefused(String url, String user, String clientId, int status, String body) {
        return switch (status) {
            case 401 -> rejectedToken(url, clientId, body);
            case 403 -> "'" + user + "' may not start a rebuild at " + url + " (403 forbidden): the realm role 'admin' is "
                    + "required -- sign in as an admin with --admin-user/--admin-password";
            case 404, 405 -> "no rebuild API at " + url + " (" + status + "): --entitlement-url (env ENTITLEMENT_URL) must "
                    + "point at entitlement-service (port 8082) or the gateway";
            case 409 -> {
                String running = field(body, "jobId");
                yield "a rebuild is already running" + (running == null ? "" : " (job " + running + "): follow it with --job "
                        + running) + " -- " + summary(body);
            }
            default -> "rebuild not started at " + url + " (" + status + "): " + summary(body);
        };
    }

    static String statusRefused(String url, String jobId, String user, String clientId, int status, String body) {
        return switch (status) {
            case 401 -> rejectedToken(url, clientId, body);
            case 403 -> "'" + user + "' may not read rebuild jobs at " + url + " (403 forbidden): the realm role 'admin' "
                    + "or 'support' is required";
            case 404 -> "unknown-rebuild-job".equals(problemSlug(body))
                    ? "entitlement-service at " + url + " does not know rebuild job " + jobId + " (404): jobs are kept in "
                    + "memory by the instance that runs them, a restart forgets them -- check --job and --entitlement-url"
                    : "no rebuild API at " + url + " (404): --entitlement-url (env ENTITLEMENT_URL) must point at "
                    + "entitlement-service (port 8082) or the gateway";
            default -> "reading rebuild job " + jobId + " at " + url + " failed (" + status + "): " + summary(body);
        };
    }

    private static String rejectedToken(String url, String clientId, String body) {
        return "entitlement-service at " + url + " rejected a freshly issued admin token (401): tokens "
                + "must come from its realm and carry the audience microdrama-api, as client 'app' issues them "
                + "(--keycloak-url, --realm, --client-id '" + clientId + "') -- " + summary(body);
    }

    static String unreachable(URI uri, IOException e, String option) {
        String why = e instanceof HttpConnectTimeoutException ? "no connection within the connect timeout"
                : e instanceof HttpTimeoutException ? "no answer within the request timeout"
                : rootIs(e, ConnectException.class) ? "connection refused"
                : rootIs(e, UnresolvedAddressException.class) ? "unknown host"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return "cannot reach " + uri + " (" + why + "): check " + option;
    }

    private static boolean rootIs(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The problem's detail (or title) when the body is problem+json, else the body, shortened. */
    static String summary(String body) {
        String detail = field(body, "detail");
        if (detail == null) {
            detail = field(body, "error_description");
        }
        String text = detail != null ? detail : body == null ? "" : body.strip();
        return text.length() > MAX_BODY ? text.substring(0, MAX_BODY) + "…" : text;
    }

    private static String problemSlug(String body) {
        String type = field(body, "type");
        return type == null ? null : type.substring(type.lastIndexOf('/') + 1);
    }

    private static String field(String body, String name) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode n = RecordJson.MAPPER.readTree(body).path(name);
            return n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
