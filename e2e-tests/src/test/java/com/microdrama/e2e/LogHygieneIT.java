package com.microdrama.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.testsupport.LocalSecrets;
import com.microdrama.testsupport.RepositoryRoot;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The logs of the packaged services (prod profile, started by deploy/local/services.sh for this module) after
 * every other test of the module drove traffic through them (ordered last, src/test/resources/junit-platform.properties):
 * no token, secret, e-mail address or card number in any line, every line JSON once logging is up, and the lines of a
 * money fact carry the trace, request and pseudonymous user ids (docs/decisions/0028-structured-logs.md).
 */
@Order(Order.DEFAULT + 1_000)
class LogHygieneIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICES = List.of("payment-service", "entitlement-service", "catalog-service",
            "insights-service");
    private static final String HEX_TRACE_ID = "[0-9a-f]{32}";

    private static Path log(String service) {
        return RepositoryRoot.find().resolve(".local/services").resolve(service + ".log");
    }

    private static List<String> lines(String service) throws IOException {
        Path file = log(service);
        assertTrue(Files.isRegularFile(file), "no log of " + service + " at " + file);
        return Files.readAllLines(file);
    }

    @Test
    void no_service_log_holds_a_token_a_secret_an_email_or_a_card_number() throws IOException {
        List<LogScan.Finding> findings = new ArrayList<>();
        int scanned = 0;
        for (String service : SERVICES) {
            List<String> lines = lines(service);
            scanned += lines.size();
            findings.addAll(LogScan.leaks(service + ".log", lines, LocalSecrets.all()));
        }
        assertTrue(scanned > 100, "the services logged only " + scanned + " lines: did the journey run?");
        assertEquals(List.of(), findings, "log lines that leak (values withheld)");
    }

    @Test
    void once_logging_is_up_every_line_is_one_json_object() throws IOException {
        for (String service : SERVICES) {
            List<String> lines = lines(service);
            int first = 0;
            // the JVM's own warnings come before the log manager starts
            while (first < lines.size() && !lines.get(first).startsWith("{")) {
                first++;
            }
            assertTrue(first < lines.size(), service + " logged no JSON line");
            for (int i = first; i < lines.size(); i++) {
                JsonNode line = parse(lines.get(i)).orElse(null);
                if (line == null || !line.hasNonNull("level") || !line.hasNonNull("message")) {
                    fail(service + ".log line " + (i + 1) + " is not a JSON log record");
                }
            }
        }
    }

    @Test
    void a_viewers_unlock_is_logged_with_its_trace_request_and_pseudonymous_user_ids() throws IOException {
        JsonNode unlock = find("payment-service", line -> line.path("message").asText()
                .startsWith("Committed com.microdrama.payment.episode-purchased"));
        JsonNode mdc = unlock.path("mdc");
        assertTrue(mdc.path("traceId").asText().matches(HEX_TRACE_ID), "no trace id: " + mdc);
        assertTrue(mdc.path("requestId").asText().matches("[A-Za-z0-9._:-]{1,128}"), "no gateway request id: " + mdc);
        assertTrue(mdc.path("userId").asText().matches("[0-9a-f]{16}"), "no pseudonymous user id: " + mdc);

        // the grant that followed, in another service, is on the same trace
        String traceId = mdc.path("traceId").asText();
        find("entitlement-service", line -> line.path("message").asText().startsWith("Committed ")
                && traceId.equals(line.path("mdc").path("traceId").asText()));
    }

    private static JsonNode find(String service, Predicate<JsonNode> wanted) throws IOException {
        for (String text : lines(service)) {
            Optional<JsonNode> line = parse(text);
            if (line.isPresent() && wanted.test(line.get())) {
                return line.get();
            }
        }
        return fail("no such line in " + service + ".log");
    }

    private static Optional<JsonNode> parse(String text) {
        if (!text.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(text));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
