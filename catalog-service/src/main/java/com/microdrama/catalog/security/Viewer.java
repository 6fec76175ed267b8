package com.microdrama.catalog.security;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who is watching, as far as the token tells: the user id, and the region and age claims when the identity
 * provider adds them (the local realm does not; then the region comes from the request or defaults, and the age is
 * unknown).
 */
public record Viewer(Optional<String> subject, Optional<String> region, OptionalInt age) {
    public static final Viewer ANONYMOUS = new Viewer(Optional.empty(), Optional.empty(), OptionalInt.empty());
}
