package com.microdrama.storeemulator.play;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.storeemulator.delivery.Deliveries;
import com.microdrama.storeemulator.delivery.DeliveryState;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real-time developer notifications as Cloud Pub/Sub pushes them: the DeveloperNotification base64 in a push
 * envelope, POSTed to the app's push endpoint with an OIDC token of the push service account signed by Google's key.
 */
@ApplicationScoped
public class RtdnPublisher {

    static final String SUBSCRIPTION = "projects/" + ServiceAccounts.PROJECT + "/subscriptions/play-rtdn";
    /** Tokens for {@code auth=wrong-audience} are addressed here, an audience no receiver is configured with. */
    static final String WRONG_AUDIENCE = "https://wrong-audience.invalid/push";
    private static final long TOKEN_SECONDS = 3600;

    /** A push as published: what was sent where; its delivery is kept by {@link Deliveries} under the message id. */
    record Push(String messageId, String packageName, String publishTime, String pushEndpoint, Map<String, Object> notification,
                Map<String, String> headers, String body) {
    }

    private final PlayCatalog catalog;
    private final ServiceAccounts accounts;
    private final GoogleSigningKeys keys;
    private final Deliveries deliveries;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    /** Pub/Sub message ids are decimal; starting from the start time in microseconds keeps them unique across restarts. */
    private final AtomicLong messageIds = new AtomicLong(System.currentTimeMillis() * 1000);
    private final List<Push> pushes = new CopyOnWriteArrayList<>();

    public RtdnPublisher(PlayCatalog catalog, ServiceAccounts accounts, GoogleSigningKeys keys, Deliveries deliveries, ObjectMapper json) {
        this.catalog = catalog;
        this.accounts = accounts;
        this.keys = keys;
        this.deliveries = deliveries;
        this.json = json;
    }

    /**
     * Publishes one notification ({@code part} is e.g. {@code subscriptionNotification} → {…}); the first delivery
     * attempt is made before this returns unless {@code deliver} is false. The answer describes the push.
     */
    Map<String, Object> publish(String packageName, String field, Map<String, Object> part, boolean deliver, PushAuth auth) {
        PlayCatalog.App app = catalog.app(packageName).orElse(new PlayCatalog.App(packageName, null, null, PlayCatalog.DEFAULT_PUSH_ACCOUNT));
        Instant now = clock.instant();
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("version", "1.0");
        notification.put("packageName", packageName);
        notification.put("eventTimeMillis", String.valueOf(now.toEpochMilli()));
        notification.put(field, part);
        String messageId = String.valueOf(messageIds.incrementAndGet());
        String publishTime = PlayJson.rfc3339(now);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("attributes", Map.of());
        message.put("data", Base64.getEncoder().encodeToString(write(notification).getBytes(StandardCharsets.UTF_8)));
        message.put("messageId", messageId);
        message.put("message_id", messageId);
        message.put("publishTime", publishTime);
        message.put("publish_time", publishTime);
        String body = write(Map.of("message", message, "subscription", SUBSCRIPTION));

        Map<String, String> headers = new LinkedHashMap<>();
        String audience = app.audience() != null ? app.audience() : app.pushEndpoint();
        if (auth != PushAuth.NONE && audience != null) {
            headers.put("Authorization", "Bearer " + idToken(app.pushServiceAccount(), audience, auth, now));
        }
        headers.put("User-Agent", "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)");
        headers.put("From", "noreply@google.com");
        Push push = new Push(messageId, packageName, publishTime, app.pushEndpoint(), notification, Map.copyOf(headers), body);
        pushes.add(push);
        DeliveryState delivery = deliver && app.pushEndpoint() != null
                ? deliveries.deliverNow(messageId, app.pushEndpoint(), body, headers)
                : deliveries.notSent(messageId);
        Map<String, String> shownHeaders = new LinkedHashMap<>(headers);
        shownHeaders.put("Content-Type", "application/json");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("messageId", messageId);
        answer.put("pushEndpoint", app.pushEndpoint());
        answer.put("notification", notification);
        answer.put("headers", shownHeaders);
        answer.put("body", body);
        answer.put("delivery", delivery(delivery));
        return answer;
    }

    /** The pushes of one app (all when {@code packageName} is null), oldest first, each with its delivery as it stands. */
    List<Map<String, Object>> list(String packageName) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Push push : pushes) {
            if (packageName != null && !packageName.equals(push.packageName())) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("messageId", push.messageId());
            entry.put("packageName", push.packageName());
            entry.put("publishTime", push.publishTime());
            entry.put("pushEndpoint", push.pushEndpoint());
            entry.put("notification", push.notification());
            entry.put("delivery", deliveries.state(push.messageId()).map(RtdnPublisher::delivery).orElse(Map.of("status", DeliveryState.NOT_SENT)));
            out.add(entry);
        }
        return out;
    }

    private static Map<String, Object> delivery(DeliveryState state) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", state.status());
        out.put("attempts", state.attempts());
        out.put("lastStatusCode", state.lastStatusCode());
        out.put("lastError", state.lastError());
        out.put("history", state.history());
        return out;
    }

    /** The OIDC token Pub/Sub puts on an authenticated push; the {@code auth} modes spoil it in one way each. */
    private String idToken(String serviceAccount, String audience, PushAuth auth, Instant now) {
        long iat = auth == PushAuth.EXPIRED ? now.getEpochSecond() - 2 * TOKEN_SECONDS : now.getEpochSecond();
        String subject = accounts.clientId(serviceAccount);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", auth == PushAuth.WRONG_AUDIENCE ? WRONG_AUDIENCE : audience);
        claims.put("azp", subject);
        claims.put("email", serviceAccount);
        claims.put("email_verified", true);
        claims.put("exp", iat + TOKEN_SECONDS);
        claims.put("iat", iat);
        claims.put("iss", "https://accounts.google.com");
        claims.put("sub", subject);
        PrivateKey key = (auth == PushAuth.WRONG_KEY ? keys.stranger() : keys.signing()).getPrivate();
        return Jwt.sign(Map.of("alg", "RS256", "kid", keys.keyId(), "typ", "JWT"), claims, key);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
