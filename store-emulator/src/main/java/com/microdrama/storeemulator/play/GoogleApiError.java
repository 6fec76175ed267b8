package com.microdrama.storeemulator.play;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.Map;

/**
 * An error of a Google API answered as Google does, {@code {"error":{"code","message","errors":[…],"status"}}}, which
 * the Google client turns into a {@code GoogleJsonResponseException} with these details.
 */
public class GoogleApiError extends RuntimeException {

    private final int code;
    private final String status;
    private final String reason;

    GoogleApiError(int code, String status, String reason, String message) {
        super(message);
        this.code = code;
        this.status = status;
        this.reason = reason;
    }

    static GoogleApiError notFound(String message) {
        return new GoogleApiError(404, "NOT_FOUND", "notFound", message);
    }

    static GoogleApiError badRequest(String reason, String message) {
        return new GoogleApiError(400, "INVALID_ARGUMENT", reason, message);
    }

    static GoogleApiError unauthenticated(String message) {
        return new GoogleApiError(401, "UNAUTHENTICATED", "authError", message);
    }

    static GoogleApiError permissionDenied(String message) {
        return new GoogleApiError(403, "PERMISSION_DENIED", "insufficientPermissions", message);
    }

    Response response() {
        Map<String, Object> error = Map.of("code", code, "message", getMessage(), "status", status,
                "errors", List.of(Map.of("message", getMessage(), "domain", "global", "reason", reason)));
        Response.ResponseBuilder answer = Response.status(code).type(MediaType.APPLICATION_JSON).entity(Map.of("error", error));
        if (code == 401) {
            answer.header("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
        }
        return answer.build();
    }

    @Provider
    public static class Mapper implements ExceptionMapper<GoogleApiError> {
        @Override
        public Response toResponse(GoogleApiError error) {
            return error.response();
        }
    }
}
