package com.microdrama.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The public API contract of a service is its OpenAPI document committed as {@code docs/openapi/<service>.yaml}.
 * A service's contract test hands what it serves at {@code /q/openapi?format=yaml} to {@link #check}: any difference
 * fails the test with the first differing line and the command that writes the served document into the file
 * (run with {@code -Dopenapi.update=true}), so an API change is always a reviewed change of that file.
 */
public final class OpenApiContract {
    /** With this system property set to {@code true}, {@link #check} writes the served document instead of failing. */
    public static final String UPDATE_PROPERTY = "openapi.update";

    private OpenApiContract() {
    }

    /**
     * @param module the service's Maven module, e.g. {@code payment-service}; the file is
     *               {@code docs/openapi/<module>.yaml}
     * @param served the document the running service answers at {@code /q/openapi?format=yaml}
     */
    public static void check(String module, String served) {
        Path file = RepositoryRoot.find().resolve("docs/openapi").resolve(module + ".yaml");
        String actual = normalize(served);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(file, actual);
            return;
        }
        String regenerate = "If the change is intended, write the served document into the file, from the repository root:\n"
                + "  mvn -B verify -Dplatform.skip=true -pl " + module
                + " -Dit.test=OpenApiContractIT -Dopenapi.update=true\n"
                + "then lint it (bash docs/openapi/lint.sh) and commit it with the change.";
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("docs/openapi/" + module + ".yaml does not exist.\n" + regenerate);
        }
        String expected = normalize(read(file));
        if (!expected.equals(actual)) {
            throw new AssertionError(module + " serves another OpenAPI document than docs/openapi/" + module
                    + ".yaml\n" + firstDifference(expected, actual) + "\n" + regenerate);
        }
    }

    /** Where the two documents part, as "line N: committed ... / served ...". */
    static String firstDifference(String expected, String actual) {
        List<String> committed = expected.lines().toList();
        List<String> served = actual.lines().toList();
        int common = Math.min(committed.size(), served.size());
        for (int i = 0; i < common; i++) {
            if (!committed.get(i).equals(served.get(i))) {
                return "line " + (i + 1) + ":\n  committed: " + committed.get(i) + "\n  served:    " + served.get(i);
            }
        }
        return committed.size() < served.size()
                ? "the served document goes on after line " + common + ": " + served.get(common)
                : "the committed file goes on after line " + common + ": " + committed.get(common);
    }

    /** Line endings and the final newline are not part of the contract. */
    static String normalize(String document) {
        return document.replace("\r\n", "\n").stripTrailing() + "\n";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, String document) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, document, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
