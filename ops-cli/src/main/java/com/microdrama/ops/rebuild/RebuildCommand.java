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

        private static final String SERVICE_OPTION = "--entitlement-url (env ENTITLEMENT_URL)";

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            URI service = RebuildRefusals.baseUrl(serviceUrl).orElseThrow(() -> OpsException.usage(
                    "--entitlement-url '" + serviceUrl + "' is not an http(s) URL (e.g. http://127.0.0.1:8082)"));
            URI keycloak = RebuildRefusals.baseUrl(keycloakUrl).orElseThrow(() -> OpsException.usage(
                    "--keycloak-url '" + keycloakUrl + "' is not an http(s) URL (e.g. http://127.0.0.1:8180)"));
            String tokenUrl = keycloak + "/realms/" + enc(realm) + "/protocol/openid-connect/token";
            String base = service + "/api/entitlements/admin/rebuild";
            String token = token(tokenUrl);
            if (jobId == null) {
                HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(base))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()), SERVICE_OPTION);
                if (started.statusCode() != 202) {
                    throw OpsException.failure(RebuildRefusals.startRefused(service.toString(), adminUser, clientId,
                            started.statusCode(), started.body()), null);
                }
                jobId = RecordJson.MAPPER.readTree(started.body()).path("jobId").asText();
                err.println("rebuild job " + jobId + " started");
            }
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            boolean freshToken = false;
            while (true) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/" + enc(jobId)))
                        .header("Authorization", "Bearer " + token).GET(), SERVICE_OPTION);
                if (r.statusCode() == 401 && !freshToken) {
                    // Long rebuilds outlive a token: sign in again, once; a second 401 means the token is not the problem.
                    token = token(tokenUrl);
                    freshToken = true;
                    continue;
                }
                if (r.statusCode() != 200) {
                    throw OpsException.failure(RebuildRefusals.statusRefused(service.toString(), jobId, adminUser, clientId,
                            r.statusCode(), r.body()), null);
                }
                freshToken = false;
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
                    if (!"SWAPPED".equals(state)) {
                        err.println("error: rebuild " + jobId + " ended " + state + ": " + s.path("error").asText("(no reason given)"));
                        err.flush();
                    }
                    return "SWAPPED".equals(state) ? ExitCodes.OK : ExitCodes.FAILURE;
                }
                if (System.nanoTime() > deadline) {
                    throw OpsException.failure("rebuild " + jobId + " still RUNNING after " + timeoutSeconds
                            + " s; follow it with --job " + jobId, null);
                }
                Thread.sleep(pollMillis);
            }
        }

        private String token(String tokenUrl) throws IOException, InterruptedException {
            String form = "grant_type=password&client_id=" + enc(clientId) + "&username=" + enc(adminUser)
                    + "&password=" + enc(adminPassword) + "&scope=openid";
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(tokenUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)), "--keycloak-url (env KEYCLOAK_URL)");
            if (r.statusCode() != 200) {
                throw OpsException.failure(RebuildRefusals.signInRefused(tokenUrl, clientId, adminUser, r.statusCode(), r.body()), null);
            }
            String token = RecordJson.MAPPER.readTree(r.body()).path("access_token").asText("");
            if (token.isBlank()) {
                throw OpsException.failure("Keycloak at " + tokenUrl + " answered without an access token: "
                        + RebuildRefusals.summary(r.body()), null);
            }
            return token;
        }

        private HttpResponse<String> send(HttpRequest.Builder request, String option) throws InterruptedException {
            HttpRequest built = request.timeout(Duration.ofSeconds(15)).build();
            try {
                return http.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw OpsException.failure(RebuildRefusals.unreachable(built.uri(), e, option), e);
            }
        }

        private static String enc(String v) {
            return URLEncoder.encode(v, StandardCharsets.UTF_8);
        }
    }
}
