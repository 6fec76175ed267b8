package com.microdrama.stripeemulator.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error answered in Stripe's format: {@code {"error":{"type","code","decline_code","message","param",…}}}. */
public class ApiError extends RuntimeException {

    public final int status;
    public final ObjectNode error = JsonNodeFactory.instance.objectNode();

    private ApiError(int status, String type, String code, String message) {
        super(message);
        this.status = status;
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        }
        error.put("message", message);
    }

    public static ApiError invalid(String code, String param, String message) {
        ApiError e = new ApiError(400, "invalid_request_error", code, message);
        if (param != null) {
            e.error.put("param", param);
        }
        return e;
    }

    public static ApiError missingParam(String param) {
        return invalid("parameter_missing", param, "Missing required param: " + param + ".");
    }

    public static ApiError notFound(String kind, String id, String param) {
        ApiError e = new ApiError(404, "invalid_request_error", "resource_missing", "No such " + kind + ": '" + id + "'");
        e.error.put("param", param);
        return e;
    }

    public static ApiError unexpectedState(String kind, String message) {
        return invalid(kind + "_unexpected_state", null, message);
    }

    public static ApiError card(String code, String declineCode, String message) {
        ApiError e = new ApiError(402, "card_error", code, message);
        if (declineCode != null) {
            e.error.put("decline_code", declineCode);
        }
        return e;
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "invalid_request_error", null, message);
    }

    /** Stripe's answer to a publishable key on an endpoint that needs the secret key. */
    public static ApiError secretKeyRequired() {
        return new ApiError(401, "invalid_request_error", "secret_key_required", "This API call cannot be made with a "
                + "publishable API key. Please use a secret API key. You can find a list of your API keys at "
                + "https://dashboard.stripe.com/account/apikeys.");
    }

    public static ApiError unrecognizedUrl(String what) {
        return new ApiError(404, "invalid_request_error", null, "Unrecognized request URL (" + what + ").");
    }

    public static ApiError idempotency(int status, String message) {
        return new ApiError(status, "idempotency_error", null, message);
    }

    public ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("error", error.deepCopy());
        return body;
    }
}
