package com.microdrama.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Tests run in a module directory; files of the repository (secrets, the API contract) are found by walking up. */
public final class RepositoryRoot {
    private RepositoryRoot() {
    }

    /** The nearest directory at or above the current one holding {@code deploy/local/platform.sh}, else the current one. */
    public static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/platform.sh"))) {
                return dir;
            }
        }
        return Path.of("");
    }
}
