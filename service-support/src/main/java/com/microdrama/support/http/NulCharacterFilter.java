package com.microdrama.support.http;

import com.microdrama.support.problem.Problems;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before any routing or authentication, a request whose path or query holds a NUL character (U+0000,
 * {@code %00}). No id, search text or parameter of ours can contain one, and PostgreSQL cannot store one: without
 * this guard such a value travels to the database and fails there as a 500. Bodies are covered by the problem
 * mapper (SQLSTATE 22021 → the same 400).
 */
public class NulCharacterFilter {

    @ServerRequestFilter(preMatching = true)
    public Response refuseNul(HttpServerRequest request) {
        return containsNul(request.uri()) ? Problems.invalidCharacters().toResponse() : null;
    }

    /**
     * Looks at the raw request target: percent-decoding it first could itself fail on a malformed escape, and
     * {@code %00} is the only way to write NUL in a URI (a raw NUL byte is checked too).
     */
    public static boolean containsNul(String rawTarget) {
        if (rawTarget == null) {
            return false;
        }
        for (int i = 0; i < rawTarget.length(); i++) {
            char c = rawTarget.charAt(i);
            if (c == '\u0000') {
                return true;
            }
            if (c == '%' && i + 2 < rawTarget.length() && rawTarget.charAt(i + 1) == '0' && rawTarget.charAt(i + 2) == '0') {
                return true;
            }
        }
        return false;
    }
}
