package com.microdrama.storeemulator.appstore;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** Control-surface errors with a readable reason ({@code {"error": "…"}}), since tests and scripts show them. */
final class AppStoreErrors {

    private AppStoreErrors() {
    }

    static WebApplicationException badRequest(String message) {
        return error(Response.Status.BAD_REQUEST, message);
    }

    static WebApplicationException notFound(String message) {
        return error(Response.Status.NOT_FOUND, message);
    }

    static WebApplicationException conflict(String message) {
        return error(Response.Status.CONFLICT, message);
    }

    private static WebApplicationException error(Response.Status status, String message) {
        return new WebApplicationException(message, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message)).build());
    }
}
