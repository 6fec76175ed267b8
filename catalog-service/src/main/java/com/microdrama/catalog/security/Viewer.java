package com.microdrama.catalog.security;

import com.microdrama.events.viewer.ViewerRegion;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who is watching, from trusted sources only: the user id, the region every rule uses, region promos included
 * ({@link ViewerRegion#resolve}: the token's {@code region} claim, else the gateway's country header, else the
 * default) and the age from the {@code birthdate} claim, unknown when the token has none.
 */
public record Viewer(Optional<String> subject, String region, OptionalInt age) {
    public static final Viewer ANONYMOUS = anonymous(ViewerRegion.DEFAULT);

    public static Viewer anonymous(String region) {
        return new Viewer(Optional.empty(), region, OptionalInt.empty());
    }

    public boolean signedIn() {
        return subject.isPresent();
    }
}
