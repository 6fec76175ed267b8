package com.microdrama.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Host commands for unpacking images; a failing one fails the test with its output. */
final class Commands {
    private Commands() {
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(String.join(" ", List.of(command)) + " exited with " + exit + ": " + output);
        }
        return output;
    }
}
