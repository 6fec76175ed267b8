package com.microdrama.payment.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files named by configuration: a class-path resource, or a mounted file with {@code file:} (a Kubernetes Secret). */
public final class ConfiguredFiles {
    private ConfiguredFiles() {
    }

    /** The bytes at {@code location}; {@code knob} names the setting in the error when it cannot be read. */
    public static byte[] read(String knob, String location) {
        try {
            if (location.startsWith("file:")) {
                return Files.readAllBytes(Path.of(location.substring("file:".length())));
            }
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
                if (in == null) {
                    throw new IllegalStateException(knob + ": no class-path resource " + location + " (a file needs file:)");
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(knob + ": cannot read " + location, e);
        }
    }
}
