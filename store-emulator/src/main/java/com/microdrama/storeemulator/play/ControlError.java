package com.microdrama.storeemulator.play;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** A refused control call: {@code {"error":{"status","message"}}}, 400 for bad input, 404 unknown, 409 a state that does not allow it. */
final class ControlError {

    private ControlError() {
    }

    static WebApplicationException of(int status, String message) {
        return new WebApplicationException(message, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", Map.of("status", status, "message", message))).build());
    }
}
