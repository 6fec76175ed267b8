package com.microdrama.support.logging;

import com.microdrama.events.viewer.Pseudonyms;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.microdrama.support.SupportConfig;

import java.security.Principal;
import java.util.regex.Pattern;

/**
 * What every log line of a request carries besides the trace and span ids (OpenTelemetry puts those into the MDC):
 * the gateway's request id and the caller's pseudonymous user id (docs/decisions/0028-structured-logs.md). Quarkus
 * keeps the MDC per Vert.x request context, so values set here reach every line logged for this request and no other.
 */
@ApplicationScoped
public class LogContext implements SecurityIdentityAugmentor {
    public static final String REQUEST_ID = "requestId";
    public static final String USER_ID = "userId";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** The gateway's own rule for a request id a client may send (deploy/gateway/nginx.conf); anything else is dropped. */
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Pseudonyms pseudonyms;

    public LogContext(SupportConfig config) {
        this.pseudonyms = Pseudonyms.withKey(config.logging().pseudonymKey());
    }

    void onStart(@Observes StartupEvent start) {
        if (!pseudonyms.enabled()) {
            Log.info("No microdrama.logging.pseudonym-key: log lines carry no user id");
        }
    }

    /** A header value that may go into a log line, else null: a client could otherwise forge log lines through it. */
    public static String saneRequestId(String header) {
        return header != null && SANE_REQUEST_ID.matcher(header).matches() ? header : null;
    }

    /** Before routing and authentication, so even a refused request's lines carry its id. */
    @ServerRequestFilter(preMatching = true, priority = 1)
    public void requestId(HttpServerRequest request) {
        String id = saneRequestId(request.getHeader(REQUEST_ID_HEADER));
        if (id != null) {
            MDC.put(REQUEST_ID, id);
        }
    }

    /**
     * Runs once per authenticated request, whichever identity provider verified the token (the verified-token cache
     * included), and only after verification: a forged token never names a user in the logs.
     */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous()) {
            pseudonyms.of(subjectOf(identity.getPrincipal())).ifPresent(pseudonym -> MDC.put(USER_ID, pseudonym));
        }
        return Uni.createFrom().item(identity);
    }

    static String subjectOf(Principal principal) {
        if (principal instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return principal == null ? null : principal.getName();
    }
}
