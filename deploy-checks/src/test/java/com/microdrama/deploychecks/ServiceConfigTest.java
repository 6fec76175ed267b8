package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.AppProperties;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Repo;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The environment each Deployment gives its service against what the service's application.properties reads.
 * Allowed: variables the file references (${VAR} / ${VAR:default}); the environment form of a property the file
 * sets (QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE for quarkus.datasource.reactive.max-size); and, for Kafka services,
 * the Kafka client settings below, which Quarkus' Kafka extension hands to every channel as kafka.* (it maps each
 * KAFKA_* variable to a client property: KAFKA_SASL_MECHANISM -> sasl.mechanism); and the JVM's own settings.
 */
class ServiceConfigTest {
    static final Set<String> KAFKA_CLIENT_SETTINGS = Set.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION");
    /** Read by the base image's run script and the C library, not by the application (deploy/local/service-jvm.options). */
    static final Set<String> JVM_RUNTIME_SETTINGS = Set.of("JAVA_OPTS_APPEND", "MALLOC_ARENA_MAX");
    /** Quarkus' own runtime settings that only a deployment sets (quarkus.shutdown.timeout: graceful stop in the pod). */
    static final Set<String> QUARKUS_RUNTIME_SETTINGS = Set.of("QUARKUS_SHUTDOWN_TIMEOUT");
    /**
     * Read through a service's {@code @ConfigMapping} defaults, which its properties file does not list (env form of
     * the property, and the declaration that makes it one; {@link #configMappingSettingsAreDeclared} keeps them true).
     */
    static final Map<String, Map<String, String>> CONFIG_MAPPING_SETTINGS = Map.of("payment-service", Map.of(
            "PAYMENT_PROVIDER", "String provider();",
            "PAYMENT_STRIPE_API_KEY", "Optional<String> apiKey();"));
    private static final Map<String, String> CONFIG_MAPPING_SOURCES = Map.of(
            "payment-service", "src/main/java/com/microdrama/payment/config/PaymentConfig.java");
    private static final Pattern SECRET_LIKE = Pattern.compile(".*(SECRET|PASSWORD|JAAS|SIGNING_KEY|PRIVATE_KEY|TOKEN).*");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVariableADeploymentSetsIsOneItsServiceReads(String overlay) {
        List<String> problems = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            AppProperties app = AppProperties.of(service);
            for (String variable : environment(overlay, service).keySet()) {
                boolean read = app.envReferences().containsKey(variable)
                        || app.isEnvFormOfProperty(variable)
                        || (app.usesKafka() && KAFKA_CLIENT_SETTINGS.contains(variable))
                        || JVM_RUNTIME_SETTINGS.contains(variable)
                        || QUARKUS_RUNTIME_SETTINGS.contains(variable)
                        || CONFIG_MAPPING_SETTINGS.getOrDefault(service, Map.of()).containsKey(variable);
                if (!read) {
                    problems.add(service + " does not read " + variable);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void configMappingSettingsAreDeclared() throws Exception {
        for (var service : CONFIG_MAPPING_SETTINGS.entrySet()) {
            String source = java.nio.file.Files.readString(Repo.root().resolve(service.getKey())
                    .resolve(CONFIG_MAPPING_SOURCES.get(service.getKey())));
            for (var setting : service.getValue().entrySet()) {
                assertTrue(source.contains(setting.getValue()), service.getKey() + " no longer declares " + setting.getValue()
                        + " (read as " + setting.getKey() + ")");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVariableAServiceRequiresIsSet(String overlay) {
        List<String> problems = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            Set<String> set = environment(overlay, service).keySet();
            for (String required : AppProperties.of(service).requiredEnv()) {
                if (!set.contains(required)) {
                    problems.add(service + " requires " + required);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void productionSetsEverySecretAndPlatformAddressTheServicesWouldOtherwiseDefaultToDevValues() {
        // These have loopback or dev-secret defaults in application.properties: a deployment that forgets one runs
        // with the dev value (or cannot reach anything).
        Set<String> database = Set.of("DB_HOST", "DB_NAME", "DB_USER", "DB_PASSWORD");
        Set<String> platform = Set.of("KAFKA_BOOTSTRAP_SERVERS", "KEYCLOAK_URL");
        for (String service : Repo.SERVICES) {
            Map<String, Source> env = environment("prod", service);
            Set<String> mustBeSet = new java.util.HashSet<>(platform);
            if (AppProperties.of(service).usesDatabase()) {
                mustBeSet.addAll(database);
            }
            for (String variable : mustBeSet) {
                assertTrue(env.containsKey(variable), service + " leaves " + variable + " at its default");
            }
            for (String variable : AppProperties.of(service).envReferences().keySet()) {
                if (SECRET_LIKE.matcher(variable).matches()) {
                    assertTrue(env.containsKey(variable), service + " leaves secret " + variable + " at its dev default");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void secretValuesComeFromSecretsNeverFromConfigMapsOrLiterals(String overlay) {
        List<String> problems = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            environment(overlay, service).forEach((variable, source) -> {
                if (SECRET_LIKE.matcher(variable).matches() && source.kind() != Source.Kind.SECRET) {
                    problems.add(service + ": " + variable + " comes from " + source);
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theServiceListensOnTheContainerPortTheProbesAndServiceUse(String overlay) {
        for (String service : Repo.SERVICES) {
            ObjectNode deployment = Manifests.get(Manifests.overlay(overlay), "Deployment", service);
            int containerPort = -1;
            for (JsonNode port : PodSpecs.container(deployment).path("ports")) {
                if ("http".equals(port.path("name").asText())) {
                    containerPort = port.path("containerPort").asInt();
                }
            }
            String listens = AppProperties.of(service).resolve("quarkus.http.port", literalValues(overlay, service));
            assertEquals(String.valueOf(containerPort), listens, service + " port");
        }
    }

    @Test
    void sandboxPaymentsThatConfirmWithoutAProviderAreOffInProduction() {
        String value = AppProperties.of("payment-service")
                .resolve("payment.sandbox.auto-confirm", literalValues("prod", "payment-service"));
        assertEquals("false", value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void platformAddressesNameTheServicesTheOperatorsCreateInThisRender(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        for (String service : Repo.SERVICES) {
            Map<String, String> env = literalValues(overlay, service);

            if (AppProperties.of(service).usesDatabase()) {
                String dbHost = env.get("DB_HOST");
                assertTrue(dbHost.endsWith("-rw"), service + " DB_HOST must be a CloudNativePG -rw Service: " + dbHost);
                Manifests.get(objects, "Cluster", dbHost.substring(0, dbHost.length() - "-rw".length()));
                boolean database = Manifests.ofKind(objects, "Database").stream()
                        .anyMatch(d -> d.at("/spec/name").asText().equals(env.get("DB_NAME")));
                assertTrue(database, service + ": no Database resource for " + env.get("DB_NAME"));
            } else {
                assertTrue(!env.containsKey("DB_HOST"), service + " has no database but is given DB_HOST");
            }

            String[] kafka = env.get("KAFKA_BOOTSTRAP_SERVERS").split(":");
            assertTrue(kafka[0].endsWith("-kafka-bootstrap"), service + " KAFKA_BOOTSTRAP_SERVERS: " + kafka[0]);
            ObjectNode cluster = Manifests.get(objects, "Kafka",
                    kafka[0].substring(0, kafka[0].length() - "-kafka-bootstrap".length()));
            JsonNode listener = null;
            for (JsonNode l : cluster.at("/spec/kafka/listeners")) {
                if (l.path("port").asText().equals(kafka[1])) {
                    listener = l;
                }
            }
            assertTrue(listener != null, service + ": no Kafka listener on port " + kafka[1]);
            boolean tls = listener.path("tls").asBoolean();
            assertEquals(tls ? "SASL_SSL" : "SASL_PLAINTEXT", env.get("KAFKA_SECURITY_PROTOCOL"), service);
            assertEquals("scram-sha-512", listener.at("/authentication/type").asText());
            assertEquals("SCRAM-SHA-512", env.get("KAFKA_SASL_MECHANISM"), service);

            URI keycloak = URI.create(env.get("KEYCLOAK_URL"));
            assertTrue(keycloak.getHost().endsWith("-service"), service + " KEYCLOAK_URL: " + keycloak);
            Manifests.get(objects, "Keycloak", keycloak.getHost().substring(0, keycloak.getHost().length() - "-service".length()));
        }
        URI entitlement = URI.create(literalValues(overlay, "catalog-service").get("ENTITLEMENT_URL"));
        ObjectNode target = Manifests.get(objects, "Service", entitlement.getHost());
        assertEquals(entitlement.getPort(), target.at("/spec/ports/0/port").asInt(), "ENTITLEMENT_URL port");
    }

    @Test
    void devDatabaseUsersOwnTheirServicesDatabase() {
        List<ObjectNode> objects = Manifests.overlay("dev");
        for (String service : Repo.SERVICES) {
            if (!AppProperties.of(service).usesDatabase()) {
                continue;
            }
            Map<String, Source> env = environment("dev", service);
            ObjectNode secret = Manifests.get(objects, "Secret", env.get("DB_USER").name());
            String user = Manifests.secretData(secret).get(env.get("DB_USER").key());
            String dbName = literalValues("dev", service).get("DB_NAME");
            ObjectNode database = Manifests.ofKind(objects, "Database").stream()
                    .filter(d -> d.at("/spec/name").asText().equals(dbName)).findFirst().orElseThrow();
            assertEquals(user, database.at("/spec/owner").asText(), service + " role owns " + dbName);
        }
    }

    /** Where a variable's value comes from. */
    record Source(Kind kind, String name, String key, String value) {
        enum Kind { LITERAL, CONFIG_MAP, SECRET, OTHER }

        @Override
        public String toString() {
            return kind + (name != null ? " " + name : "");
        }
    }

    /**
     * The JVM options services.sh and the bench start each service with (deploy/local/service-jvm.options: the shared
     * lines, then that service's "service: option" lines, as services.sh jvm-options prints them) are what its
     * Deployment runs, so the RSS and pause numbers measured locally hold in the cluster.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentRunsTheJvmOptionsTheLocalRunsAndBenchmarksUse(String overlay) throws Exception {
        for (String service : Repo.SERVICES) {
            List<String> local = localJvmOptions(service);
            assertTrue(local.contains("-Xmx112m"), "deploy/local/service-jvm.options lost its heap cap: " + local);
            String append = literalValues(overlay, service).get("JAVA_OPTS_APPEND");
            assertEquals(local, append == null ? List.of() : List.of(append.strip().split("\\s+")),
                    overlay + "/" + service + ": JAVA_OPTS_APPEND differs from deploy/local/service-jvm.options");
        }
    }

    /** What deploy/local/services.sh starts the service with: its {@code jvm-options} command. */
    static List<String> localJvmOptions(String service) throws java.io.IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", Repo.root().resolve("deploy/local/services.sh").toString(),
                "jvm-options", service).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "deploy/local/services.sh jvm-options " + service + ": " + out);
        return out.lines().toList();
    }

    /** The container's environment: env entries override envFrom ConfigMaps (later envFrom entries win). */
    static Map<String, Source> environment(String overlay, String service) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        JsonNode container = PodSpecs.container(Manifests.get(objects, "Deployment", service));
        Map<String, Source> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String name = from.at("/configMapRef/name").asText();
                ObjectNode map = Manifests.get(objects, "ConfigMap", name);
                map.path("data").fields().forEachRemaining(e ->
                        env.put(e.getKey(), new Source(Source.Kind.CONFIG_MAP, name, e.getKey(), e.getValue().asText())));
            } else {
                throw new AssertionError(service + ": envFrom other than a ConfigMap (use env + secretKeyRef): " + from);
            }
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, new Source(Source.Kind.LITERAL, null, null, e.path("value").asText()));
            } else if (e.at("/valueFrom/secretKeyRef").isObject()) {
                JsonNode ref = e.at("/valueFrom/secretKeyRef");
                env.put(name, new Source(Source.Kind.SECRET, ref.path("name").asText(), ref.path("key").asText(), null));
            } else if (e.at("/valueFrom/configMapKeyRef").isObject()) {
                JsonNode ref = e.at("/valueFrom/configMapKeyRef");
                String value = Manifests.get(objects, "ConfigMap", ref.path("name").asText())
                        .at("/data/" + ref.path("key").asText()).asText();
                env.put(name, new Source(Source.Kind.CONFIG_MAP, ref.path("name").asText(), ref.path("key").asText(), value));
            } else {
                env.put(name, new Source(Source.Kind.OTHER, null, null, null));
            }
        }
        return env;
    }

    /** The values known at render time (literals and ConfigMaps). */
    static Map<String, String> literalValues(String overlay, String service) {
        Map<String, String> values = new LinkedHashMap<>();
        environment(overlay, service).forEach((k, v) -> {
            if (v.value() != null) {
                values.put(k, v.value());
            }
        });
        return values;
    }
}
