package com.microdrama.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.microdrama.testsupport.LocalSecrets;
import com.microdrama.testsupport.Platform;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each image the build wrote (target/image/*.tar of the services and ops-cli) starts as the Kubernetes manifests run
 * it: user 185, read-only root, /tmp writable, JAVA_OPTS_APPEND from the platform ConfigMap, configuration from the
 * environment only. A service passes when GET /q/health/ready answers 200 (PostgreSQL, Kafka and Keycloak of the local
 * platform reached from inside the image); ops-cli when --help and a real Kafka read exit 0. Ports 18281-18283, so
 * the local services (8081-8083) and other tests are never in the way.
 */
class ImagesStartIT {
    private static final Path ROOT = Path.of(System.getProperty("images.root", "../..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("images.work", "target/containers")).toAbsolutePath();
    private static final String VERSION = System.getProperty("images.version", "1.0.0-SNAPSHOT");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static String javaOptsAppend;

    @BeforeAll
    static void platformConfigMap() throws IOException {
        Files.createDirectories(WORK);
        // The JVM options every service Deployment gets (docs/decisions/0012-jvm-options.md).
        String configMap = Files.readString(ROOT.resolve("deploy/kubernetes/base/services/platform-configmap.yaml"));
        Matcher matcher = Pattern.compile("JAVA_OPTS_APPEND: \"([^\"]+)\"").matcher(configMap);
        assertTrue(matcher.find(), "platform-configmap.yaml has no JAVA_OPTS_APPEND");
        javaOptsAppend = matcher.group(1);
    }

    /** The three started together, as a rollout would (and in a third of the time); each must become ready. */
    @Test
    void serviceImagesBecomeReady() throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("catalog-service", 18283);
        ports.put("payment-service", 18281);
        ports.put("entitlement-service", 18282);
        Map<String, ImageContainer> running = new LinkedHashMap<>();
        Map<String, Instant> started = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Integer> entry : ports.entrySet()) {
                String service = entry.getKey();
                assertPortFree(entry.getValue());
                ImageArchive image = image(service);
                Path rootfs = image.unpack(WORK.resolve(service));
                started.put(service, Instant.now());
                running.put(service, ImageContainer.start(image, rootfs, serviceEnv(service, entry.getValue()), null,
                        WORK.resolve(service + ".log")));
            }
            for (Map.Entry<String, ImageContainer> entry : running.entrySet()) {
                String service = entry.getKey();
                ImageContainer container = entry.getValue();
                awaitReady(container, service, ports.get(service), started.get(service));
                System.out.printf("%s: image ready %d ms after its start%n", service,
                        Duration.between(started.get(service), Instant.now()).toMillis());
                long pid = container.applicationPid();
                String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
                assertTrue(status.lines().anyMatch(line -> line.matches("Uid:\\s+185\\s+185\\s+185\\s+185")),
                        service + " does not run as user 185:\n" + status);
                String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
                assertTrue(cmdline.startsWith("java ") && cmdline.contains(" -Xmx112m ")
                        && cmdline.contains(" -jar quarkus-run.jar"),
                        service + " is not the JVM with the ConfigMap's JAVA_OPTS_APPEND: " + cmdline);
            }
        } finally {
            running.values().forEach(ImageContainer::terminate);
            for (ImageContainer container : running.values()) {
                container.close();
            }
        }
    }

    /** What the Deployment gives the service, with the local platform's addresses and secrets (as services.sh does). */
    private static Map<String, String> serviceEnv(String service, int port) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("JAVA_OPTS_APPEND", javaOptsAppend);
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("KAFKA_BOOTSTRAP_SERVERS", Platform.kafkaBootstrapServers());
        env.put("KEYCLOAK_URL", Platform.keycloakUrl());
        env.put("DB_PASSWORD", LocalSecrets.find("DB_PASSWORD").orElse("microdrama"));
        // A consumer group of its own that starts at the end: the short-lived copy neither replays the shared
        // topics' history (dead-lettering old test records) nor moves the offsets of the services' own groups.
        String group = "images-start-test-" + UUID.randomUUID();
        switch (service) {
            case "catalog-service" -> {
                env.put("CATALOG_CLIENT_SECRET", LocalSecrets.get("CATALOG_CLIENT_SECRET"));
                env.put("PLAYBACK_SIGNING_KEY", LocalSecrets.get("PLAYBACK_SIGNING_KEY"));
                env.put("VIEWER_PSEUDONYM_KEY", LocalSecrets.get("VIEWER_PSEUDONYM_KEY"));
            }
            case "payment-service" -> {
                env.put("PAYMENT_CLIENT_SECRET", LocalSecrets.get("PAYMENT_CLIENT_SECRET"));
                env.put("STRIPE_WEBHOOK_SECRET", LocalSecrets.get("STRIPE_WEBHOOK_SECRET"));
                env.put("STRIPE_API_KEY", LocalSecrets.get("STRIPE_API_KEY"));
                env.put("PAYMENT_STRIPE_API_KEY", LocalSecrets.get("STRIPE_API_KEY"));
                env.put("PAYMENT_PROVIDER", "stripe");
                env.put("PAYMENT_STRIPE_API_BASE", Platform.stripeUrl());
                env.put("STRIPE_LIVEMODE", "false");
                ownGroup(env, group, "CATALOG_IN");
            }
            default -> {
                env.put("ENTITLEMENT_CLIENT_SECRET", LocalSecrets.get("ENTITLEMENT_CLIENT_SECRET"));
                ownGroup(env, group, "PAYMENT_EVENTS");
                ownGroup(env, group, "CATALOG_EVENTS");
            }
        }
        return env;
    }

    private static void ownGroup(Map<String, String> env, String group, String channel) {
        env.put("MP_MESSAGING_INCOMING_" + channel + "_GROUP_ID", group);
        env.put("MP_MESSAGING_INCOMING_" + channel + "_AUTO_OFFSET_RESET", "latest");
    }

    @Test
    void opsCliImageRunsCommands() throws Exception {
        ImageArchive image = image("ops-cli");
        Path rootfs = image.unpack(WORK.resolve("ops-cli"));
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", Platform.kafkaBootstrapServers(),
                "JAVA_OPTS_APPEND", "-Xmx128m");
        // A Job's args replace the image's command, as in deploy/kubernetes/base/ops/.
        String help = run(image, rootfs, env, List.of("--help"), "ops-cli-help");
        assertTrue(help.contains("events") && help.contains("reconcile"), "ops-cli --help lists no commands:\n" + help);
        // A real read: partition metadata and end offsets from the broker (the range itself may be empty).
        String dump = run(image, rootfs, env,
                List.of("events", "dump", "payment-events", "--partition", "0", "--to-offset", "0"), "ops-cli-events-dump");
        assertTrue(dump.matches("(?s).*payment-events: \\d+ records scanned.*"), "ops-cli events dump said:\n" + dump);
    }

    private static String run(ImageArchive image, Path rootfs, Map<String, String> env, List<String> args, String name)
            throws Exception {
        try (ImageContainer container = ImageContainer.start(image, rootfs, env, args, WORK.resolve(name + ".log"))) {
            int exit = container.awaitExit(Duration.ofSeconds(60));
            assertEquals(0, exit, "ops-cli " + String.join(" ", args) + " exited with " + exit + ":\n"
                    + container.logTail());
            return container.log();
        }
    }

    /** The image the module's build wrote, named and tagged as the manifests use it, running as 185. */
    private static ImageArchive image(String module) throws Exception {
        Path tar = ROOT.resolve(module).resolve("target/image").resolve(module + ".tar");
        assertTrue(Files.isRegularFile(tar), tar + " is missing: build it with mvn package -pl " + module
                + " (quarkus.container-image.build=true in its pom)");
        ImageArchive image = ImageArchive.read(tar);
        assertEquals(List.of("microdrama/" + module + ":" + VERSION), image.repoTags(), "image name and tag");
        assertEquals("185", image.user(), module + ": the Deployments run as 185");
        return image;
    }

    private static void awaitReady(ImageContainer container, String service, int port, Instant started)
            throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        Instant deadline = started.plus(READY_TIMEOUT);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!container.isAlive()) {
                fail(service + " image exited during start:\n" + container.logTail());
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (ConnectException e) {
                last = "connection refused";
            } catch (HttpTimeoutException e) {
                // Three JVMs starting on two cores (and CI's other work) can leave even a loopback connect or the
                // first request unanswered for seconds: not an answer yet, ask again until the deadline.
                last = "no answer within 2 s";
            }
            Thread.sleep(250);
        }
        fail(service + " image not ready after " + READY_TIMEOUT.toSeconds() + " s (last: " + last + "):\n"
                + container.logTail());
    }

    private static void assertPortFree(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            fail("port " + port + " is taken by a process this test did not start");
        } catch (IOException expected) {
            // free
        }
    }
}
