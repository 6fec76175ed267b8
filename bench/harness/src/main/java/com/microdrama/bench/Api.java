package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** Minimal JSON-over-HTTP client for the services' public APIs. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    record Resp(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }

        /** The problem type slug, or the status when the answer is not a problem document. */
        String problem() {
            try {
                JsonNode type = JSON.readTree(body).path("type");
                return type.isTextual() ? type.asText().replaceAll(".*/", "") : "http-" + status;
            } catch (IOException e) {
                return "http-" + status;
            }
        }
    }

    static Resp get(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    static Resp post(String url, String token, Object body) {
        return post(url, token, body, UUID.randomUUID().toString());
    }

    static Resp post(String url, String token, Object body, String idempotencyKey) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return send(b.build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A Stripe webhook delivery as Stripe sends it: the event's exact bytes (the signature covers them) and its
     * {@code Stripe-Signature} header, no bearer token.
     */
    static Resp postSigned(String url, String payload, String signature) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build());
    }

    private static Resp send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.body());
        } catch (IOException e) {
            return unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A GET on the calling thread (HttpURLConnection, keep-alive): for the unlock-visible poll, where the
     * {@link HttpClient}'s hand-offs between its selector and worker threads are part of what is timed.
     */
    static Resp getOnThisThread(String url, String token) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(3_000);
            c.setReadTimeout(15_000);
            c.setRequestProperty("Authorization", "Bearer " + token);
            int status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                return new Resp(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return unreachable(e);
        }
    }

    /** Connection refused / reset: the service is down (fault scenarios count these as failures). */
    private static Resp unreachable(IOException e) {
        return new Resp(0, "{\"type\":\"connection-" + e.getClass().getSimpleName() + "\"}");
    }

    static Resp expect(Resp r, int status, String what) {
        if (r.status() != status) {
            throw new IllegalStateException(what + ": expected " + status + " but got " + r.status() + " " + r.body());
        }
        return r;
    }

    private Api() {
    }
}
