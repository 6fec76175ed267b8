package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.ImageRef;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Repo;
import com.microdrama.deploychecks.support.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Job and CronJob container that runs microdrama/ops-cli, in the rendered overlays and in
 * deploy/kubernetes/jobs, passes arguments that ops-cli's own command model accepts, and gets write access to Kafka
 * (Secret ops-cli-writer) only if those arguments write.
 */
class OpsCliArgsTest {
    static final String IMAGE = "microdrama/ops-cli";
    static final String READER = "ops-cli-reader";
    static final String WRITER = "ops-cli-writer";

    /** "where: Kind/name" -> its ops-cli container, over the overlays and the one-off Job files. */
    static Map<String, JsonNode> opsCliContainers() {
        Map<String, List<ObjectNode>> sources = new LinkedHashMap<>();
        Repo.OVERLAYS.forEach(o -> sources.put("overlays/" + o, Manifests.overlay(o)));
        try (Stream<Path> files = Files.list(Repo.kubernetes().resolve("jobs"))) {
            files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .forEach(f -> sources.put("jobs/" + f.getFileName(), Yaml.readAll(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, JsonNode> containers = new LinkedHashMap<>();
        sources.forEach((where, objects) -> containers.putAll(opsCliContainers(where, objects)));
        return containers;
    }

    static Map<String, JsonNode> opsCliContainers(String where, List<ObjectNode> objects) {
        Map<String, JsonNode> containers = new LinkedHashMap<>();
        PodSpecs.of(objects).forEach((id, pod) -> {
            if (id.startsWith("Deployment/")) {
                return;
            }
            for (JsonNode c : pod.path("containers")) {
                if (IMAGE.equals(ImageRef.parse(c.path("image").asText()).name())) {
                    containers.put(where + ": " + id + " container " + c.path("name").asText(), c);
                }
            }
        });
        return containers;
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(a -> list.add(a.asText()));
        return list;
    }

    /** Problems of one container: its command/args, and which KafkaUser's Secret it logs in with. */
    static List<String> problems(String where, JsonNode container) {
        List<String> problems = new ArrayList<>();
        if (container.has("command")) {
            problems.add(where + ": sets command; the image's entrypoint is ops-cli, pass only args");
        }
        List<String> args = strings(container.path("args"));
        OpsCliCommands.problem(args).ifPresent(p -> problems.add(where + ": ops-cli " + String.join(" ", args) + ": " + p));
        if (!problems.isEmpty()) {
            return problems;
        }
        String secret = null;
        for (JsonNode env : container.path("env")) {
            if ("KAFKA_SASL_JAAS_CONFIG".equals(env.path("name").asText())) {
                secret = env.at("/valueFrom/secretKeyRef/name").asText(null);
            }
        }
        boolean writes = OpsCliCommands.writesToKafka(args);
        if (secret == null || !(READER.equals(secret) || WRITER.equals(secret))) {
            problems.add(where + ": KAFKA_SASL_JAAS_CONFIG must come from Secret " + READER + " or " + WRITER
                    + ", found " + secret);
        } else if (writes && READER.equals(secret)) {
            problems.add(where + ": ops-cli " + String.join(" ", args) + " writes to Kafka but logs in as " + READER);
        } else if (!writes && WRITER.equals(secret)) {
            problems.add(where + ": ops-cli " + String.join(" ", args) + " only reads: use " + READER + ", not " + WRITER);
        }
        return problems;
    }

    @Test
    void everyOpsCliJobPassesArgumentsOpsCliAcceptsAndTheLeastKafkaUser() {
        Map<String, JsonNode> containers = opsCliContainers();
        assertTrue(containers.keySet().stream().anyMatch(k -> k.contains("CronJob/reconcile")), containers.keySet().toString());
        assertTrue(containers.keySet().stream().anyMatch(k -> k.startsWith("jobs/reconcile-job.yaml")), containers.keySet().toString());
        List<String> problems = new ArrayList<>();
        containers.forEach((where, c) -> problems.addAll(problems(where, c)));
        assertEquals(List.of(), problems);
    }

    @Test
    void theCheckNamesTheManifestOfAnUnknownOptionAMissingParameterOrAMissingSubcommand() {
        List<ObjectNode> broken = Manifests.copy(Manifests.overlay("dev"));
        JsonNode container = opsCliContainers("overlays/dev", broken).values().iterator().next();
        ArrayNode args = ((ObjectNode) container).putArray("args");
        args.add("reconcile").add("--since=PT26H").add("--dry-run=true");
        List<String> unknown = problems("overlays/dev: CronJob/reconcile", container);
        assertEquals(1, unknown.size(), unknown.toString());
        assertTrue(unknown.get(0).startsWith("overlays/dev: CronJob/reconcile: ops-cli reconcile --since=PT26H"), unknown.get(0));
        assertTrue(unknown.get(0).contains("Unknown options: '--since=PT26H', '--dry-run=true'"), unknown.get(0));

        args.removeAll().add("events").add("dump");
        assertTrue(problems("m", container).get(0).contains("Missing required parameter: 'TOPIC'"),
                problems("m", container).toString());
        args.removeAll().add("dlq");
        assertTrue(problems("m", container).get(0).contains("'ops-cli dlq' needs a subcommand: inspect, list, redrive"),
                problems("m", container).toString());
        args.removeAll().add("no-such-command");
        assertFalse(problems("m", container).isEmpty());
    }

    @Test
    void aWritingCommandWithTheReadOnlyUserIsRefusedAndAReadingOneWithTheWriterToo() {
        ObjectNode container = Yaml.MAPPER.createObjectNode();
        container.putArray("args").add("reconcile").add("--repair");
        ObjectNode jaas = container.putArray("env").addObject();
        jaas.put("name", "KAFKA_SASL_JAAS_CONFIG");
        ObjectNode ref = jaas.putObject("valueFrom").putObject("secretKeyRef");
        ref.put("name", READER).put("key", "sasl.jaas.config");
        assertEquals(List.of("m: ops-cli reconcile --repair writes to Kafka but logs in as ops-cli-reader"), problems("m", container));
        ref.put("name", WRITER);
        assertEquals(List.of(), problems("m", container));
        container.putArray("args").add("replay").add("--from-topic").add("payment-events").add("--to-topic")
                .add("payment-events-replay").add("--dry-run");
        assertEquals(List.of("m: ops-cli replay --from-topic payment-events --to-topic payment-events-replay --dry-run only "
                + "reads: use ops-cli-reader, not ops-cli-writer"), problems("m", container));
    }
}
