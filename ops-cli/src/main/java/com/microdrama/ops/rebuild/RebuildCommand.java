package com.microdrama.ops.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.ops.ExitCodes;
import com.microdrama.ops.OpsException;
import com.microdrama.ops.kafka.RecordJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "rebuild", description = "Drive entitlement-service's rebuild-from-the-log admin API.",
        subcommands = {RebuildCommand.Entitlements.class})
public class RebuildCommand {

    @Command(name = "entitlements", description = {
            "POST /api/entitlements/admin/rebuild with an admin token, then follow GET .../rebuild/{jobId} until the job "
                    + "is SWAPPED (exit 0) or FAILED (exit 1), showing records read and events/s on stderr."})
    public static class Entitlements implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--entitlement-url", paramLabel = "URL",
                defaultValue = "${env:ENTITLEMENT_URL:-http://127.0.0.1:8082}",
                description = "entitlement-service base URL (default: env ENTITLEMENT_URL or ${DEFAULT-VALUE}; the gateway works too)")
        String serviceUrl;

        @Option(names = "--keycloak-url", paramLabel = "URL", defaultValue = "${env:KEYCLOAK_URL:-http://127.0.0.1:8180}",
                description = "Keycloak base URL (default: env KEYCLOAK_URL or ${DEFAULT-VALUE})")
        String keycloakUrl;

        @Option(names = "--realm", defaultValue = "microdrama")
        String realm;

        @Option(names = "--client-id", defaultValue = "app", description = "Client for the password grant (default: ${DEFAULT-VALUE})")
        String clientId;

        @Option(names = "--admin-user", defaultValue = "${env:OPS_ADMIN_USER:-admin}", description = "Admin user (env OPS_ADMIN_USER)")
        String adminUser;

        @Option(names = "--admin-password", defaultValue = "${env:OPS_ADMIN_PASSWORD:-admin}", description = "Admin password (env OPS_ADMIN_PASSWORD)")
        String adminPassword;

        @Option(names = "--job", paramLabel = "JOB_ID", description = "Follow an existing job instead of starting one")
        String jobId;

        @Option(names = "--poll-interval", paramLabel = "MILLIS", defaultValue = "1000")
        long pollMillis;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800", description = "Give up following after this long")
        long timeoutSeconds;

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String token = token();
            String base = serviceUrl.replaceAll("/+$", "") + "/api/entitlements/admin/rebuild";
            if (jobId == null) {
                HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(base))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
                if (started.statusCode() != 202) {
                    throw OpsException.failure("rebuild not started (" + started.statusCode() + "): " + started.body(), null);
                }
                jobId = RecordJson.MAPPER.readTree(started.body()).path("jobId").asText();
                err.println("rebuild job " + jobId + " started");
            }
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            while (true) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/" + jobId))
                        .header("Authorization", "Bearer " + token).GET());
                if (r.statusCode() == 401) {
                    token = token(); // long rebuilds outlive a token
                    continue;
                }
                if (r.statusCode() != 200) {
                    throw OpsException.failure("rebuild status failed (" + r.statusCode() + "): " + r.body(), null);
                }
                JsonNode s = RecordJson.MAPPER.readTree(r.body());
                String state = s.path("state").asText();
                err.printf("rebuild %s: %s/%s read %d/%d, applied %d, invalid %d, failed %d, %.1f events/s%n", jobId, state,
                        s.path("phase").asText(), s.path("recordsRead").asLong(), s.path("recordsToRead").asLong(),
                        s.path("recordsApplied").asLong(), s.path("invalidRecords").asLong(), s.path("failedRecords").asLong(),
                        s.path("eventsPerSecond").asDouble());
                err.flush();
                if (!"RUNNING".equals(state)) {
                    out.println(RecordJson.pretty(s));
                    out.flush();
                    return "SWAPPED".equals(state) ? ExitCodes.OK : ExitCodes.FAILURE;
                }
                if (System.nanoTime() > deadline) {
                    throw OpsException.failure("rebuild " + jobId + " still RUNNING after " + timeoutSeconds
                            + " s; follow it with --job " + jobId, null);
                }
                Thread.sleep(pollMillis);
            }
        }

        private String token() throws IOException, InterruptedException {
            String form = "grant_type=password&client_id=" + enc(clientId) + "&username=" + enc(adminUser)
                    + "&password=" + enc(adminPassword) + "&scope=openid";
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(keycloakUrl.replaceAll("/+$", "") + "/realms/"
                            + realm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            if (r.statusCode() != 200) {
                throw OpsException.failure("Keycloak refused the admin sign-in (" + r.statusCode() + "): " + r.body(), null);
            }
            return RecordJson.MAPPER.readTree(r.body()).path("access_token").asText();
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws InterruptedException {
            HttpRequest built = request.timeout(Duration.ofSeconds(15)).build();
            try {
                return http.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw OpsException.failure("cannot reach " + built.uri() + ": " + e, e);
            }
        }

        private static String enc(String v) {
            return URLEncoder.encode(v, StandardCharsets.UTF_8);
        }
    }
}
