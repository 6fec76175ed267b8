package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.AppProperties;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Repo;
import com.microdrama.deploychecks.support.TopicsConf;
import com.microdrama.events.Topics;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kafka (Strimzi) resources against event-contracts, deploy/local/topics.conf, docs/events.md and the services. */
class KafkaResourcesTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicInTopicsJavaHasAKafkaTopicWithTheLocalPartitionsAndSettings(String overlay) {
        List<ObjectNode> topics = Manifests.ofKind(Manifests.overlay(overlay), "KafkaTopic");
        Map<String, TopicsConf.Topic> local = TopicsConf.load();
        Set<String> declared = topicsJava();
        assertEquals(declared, new TreeSet<>(local.keySet()), "Topics.java and deploy/local/topics.conf list the same topics");

        Set<String> rendered = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (ObjectNode t : topics) {
            String name = t.at("/spec/topicName").asText(Manifests.name(t));
            rendered.add(name);
            TopicsConf.Topic expected = local.get(name);
            if (expected == null) {
                problems.add("KafkaTopic " + name + " is not in Topics.java/topics.conf");
                continue;
            }
            if (t.at("/spec/partitions").asInt() != expected.partitions()) {
                problems.add(name + ": " + t.at("/spec/partitions") + " partitions, topics.conf says " + expected.partitions());
            }
            expected.config().forEach((key, value) -> {
                if (!value.equals(t.at("/spec/config").path(key).asText(null))) {
                    problems.add(name + ": " + key + "=" + t.at("/spec/config").path(key) + ", topics.conf says " + value);
                }
            });
            if (!"microdrama".equals(t.at("/metadata/labels/strimzi.io~1cluster").asText())) {
                problems.add(name + ": not labelled for the Kafka cluster 'microdrama'");
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(declared, rendered, "one KafkaTopic per topic in Topics.java");
    }

    @Test
    void productionTopicsHaveThreeReplicasAndTwoInSyncForAcksAll() {
        List<ObjectNode> prod = Manifests.overlay("prod");
        for (ObjectNode t : Manifests.ofKind(prod, "KafkaTopic")) {
            assertEquals(3, t.at("/spec/replicas").asInt(), Manifests.name(t) + " replicas");
            assertEquals("2", t.at("/spec/config/min.insync.replicas").asText(), Manifests.name(t) + " min.insync.replicas");
        }
        ObjectNode kafka = Manifests.get(prod, "Kafka", "microdrama");
        assertEquals("3", kafka.at("/spec/kafka/config/default.replication.factor").asText());
        assertEquals("2", kafka.at("/spec/kafka/config/min.insync.replicas").asText());
        assertEquals("3", kafka.at("/spec/kafka/config/offsets.topic.replication.factor").asText());
        assertEquals("false", kafka.at("/spec/kafka/config/auto.create.topics.enable").asText());
        int brokers = 0;
        int controllers = 0;
        for (ObjectNode pool : Manifests.ofKind(prod, "KafkaNodePool")) {
            for (JsonNode role : pool.at("/spec/roles")) {
                if (role.asText().equals("broker")) {
                    brokers += pool.at("/spec/replicas").asInt();
                } else {
                    controllers += pool.at("/spec/replicas").asInt();
                }
            }
        }
        assertTrue(brokers >= 3, "3 replicas need 3 brokers, found " + brokers);
        assertTrue(controllers >= 3 && controllers % 2 == 1, "an odd KRaft quorum of at least 3, found " + controllers);
    }

    @Test
    void devTopicsFitASingleBroker() {
        List<ObjectNode> dev = Manifests.overlay("dev");
        for (ObjectNode t : Manifests.ofKind(dev, "KafkaTopic")) {
            assertEquals(1, t.at("/spec/replicas").asInt(), Manifests.name(t));
            assertEquals("1", t.at("/spec/config/min.insync.replicas").asText(), Manifests.name(t));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaRunsInKraftModeWithNodePoolsAndOnlyAuthenticatedTlsListeners(String overlay) {
        ObjectNode kafka = Manifests.get(Manifests.overlay(overlay), "Kafka", "microdrama");
        // kafka.strimzi.io/v1 (Strimzi 1.x) is KRaft with node pools only; the schema check refuses spec.zookeeper.
        assertEquals("kafka.strimzi.io/v1", kafka.path("apiVersion").asText());
        assertFalse(Manifests.ofKind(Manifests.overlay(overlay), "KafkaNodePool").isEmpty());
        assertTrue(kafka.at("/spec/zookeeper").isMissingNode());
        assertEquals("simple", kafka.at("/spec/kafka/authorization/type").asText());
        for (JsonNode listener : kafka.at("/spec/kafka/listeners")) {
            assertTrue(listener.path("tls").asBoolean(), "listener " + listener.path("name") + " without TLS");
            assertTrue(Set.of("scram-sha-512", "tls").contains(listener.at("/authentication/type").asText()),
                    "listener " + listener.path("name") + " without authentication");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServicesKafkaUserAllowsWhatItsConfigurationUsesAndNothingEventsMdDoesNotDocument(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        Map<String, String[]> documented = eventsMdProducersAndConsumers();
        List<String> problems = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            AppProperties app = AppProperties.of(service);
            Set<String> needed = new TreeSet<>();
            app.topics("incoming").forEach(t -> needed.add("topic " + t + " Read"));
            app.topics("outgoing").forEach(t -> needed.add("topic " + t + " Write"));
            app.deadLetterTopics().forEach(t -> needed.add("topic " + t + " Write"));
            // a group id with a per-instance part (catalog-cache-${quarkus.uuid}) needs a prefix ACL on what precedes it
            app.consumerGroups().forEach(g -> needed.add(g.contains("${")
                    ? "group-prefix " + g.substring(0, g.indexOf("${")) + " Read"
                    : "group " + g + " Read"));
            app.kafkaStreamsApplicationId().ifPresent(id -> needed.addAll(kafkaStreamsNeeds(app, id)));

            Set<String> allowedExtra = new TreeSet<>();
            documented.forEach((topic, producerConsumers) -> {
                if (producerConsumers[0].contains(service)) {
                    allowedExtra.add("topic " + topic + " Write");
                }
                if (producerConsumers[1].contains(service)) {
                    allowedExtra.add("topic " + topic + " Read");
                }
            });

            ObjectNode user = Manifests.get(objects, "KafkaUser", service);
            Set<String> granted = new TreeSet<>();
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                String type = acl.at("/resource/type").asText();
                String pattern = acl.at("/resource/patternType").asText("literal");
                String resource = type + " " + acl.at("/resource/name").asText();
                if ("prefix".equals(pattern)) {
                    resource = type + "-prefix " + acl.at("/resource/name").asText();
                } else if (!"literal".equals(pattern)) {
                    problems.add(service + ": non-literal ACL " + resource);
                }
                for (JsonNode op : acl.path("operations")) {
                    if (!op.asText().equals("Describe")) {
                        granted.add(resource + " " + op.asText());
                    }
                }
            }
            for (String need : needed) {
                if (!granted.contains(need)) {
                    problems.add(service + " needs " + need);
                }
            }
            for (String grant : granted) {
                if (!needed.contains(grant) && !allowedExtra.contains(grant)) {
                    problems.add(service + " is granted " + grant + " that neither its configuration nor events.md needs");
                }
            }
            assertEquals("scram-sha-512", user.at("/spec/authentication/type").asText());
            Map<String, ServiceConfigTest.Source> env = ServiceConfigTest.environment(overlay, service);
            ServiceConfigTest.Source jaas = env.get("KAFKA_SASL_JAAS_CONFIG");
            if (jaas == null || !service.equals(jaas.name()) || !"sasl.jaas.config".equals(jaas.key())) {
                problems.add(service + ": KAFKA_SASL_JAAS_CONFIG must come from the KafkaUser's Secret " + service);
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * What a Kafka Streams application needs (Kafka Streams' security guide): Read on its input topics; its group
     * (the application id); Create, Read, Write, Delete and DescribeConfigs on its internal topics, all named
     * {@code <application id>-...}; with exactly-once, Write on its transactional ids {@code <application id>-...}.
     */
    static Set<String> kafkaStreamsNeeds(AppProperties app, String applicationId) {
        Set<String> needs = new TreeSet<>();
        for (String topic : app.resolve("quarkus.kafka-streams.topics", Map.of()).split(",")) {
            needs.add("topic " + topic.strip() + " Read");
        }
        needs.add("group " + applicationId + " Read");
        for (String operation : List.of("Create", "Read", "Write", "Delete", "DescribeConfigs")) {
            needs.add("topic-prefix " + applicationId + "- " + operation);
        }
        if (String.valueOf(app.resolve("kafka-streams.processing.guarantee", Map.of())).startsWith("exactly_once")) {
            needs.add("transactionalId-prefix " + applicationId + "- Write");
        }
        return needs;
    }

    /**
     * The ops-cli users' ACLs, derived: the reader reads every topic of Topics.java and nothing more; the writer also
     * writes every topic a service consumes (where replay and dlq redrive send) plus reconcile --repair's default
     * topic (from ops-cli's command model), and reads the services' literal consumer groups (replay
     * --to-consumer-group resets their offsets). ops-cli joins no group and is not transactional, so nothing else.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void opsCliUsersAllowExactlyWhatItsCommandsNeedAndTheReaderNoWrite(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        Set<String> reads = new TreeSet<>();
        topicsJava().forEach(t -> reads.add("topic " + t + " Read"));

        Set<String> writes = new TreeSet<>(reads);
        for (String service : Repo.SERVICES) {
            AppProperties app = AppProperties.of(service);
            app.topics("incoming").forEach(t -> writes.add("topic " + t + " Write"));
            app.consumerGroups().stream().filter(g -> !g.contains("${")).forEach(g -> writes.add("group " + g + " Read"));
        }
        String repairTopic = com.microdrama.ops.OpsCli.commandLine().getSubcommands().get("reconcile").getCommandSpec()
                .findOption("--repair-topic").defaultValue();
        writes.add("topic " + repairTopic + " Write");

        assertEquals(reads, opsUserGrants(objects, OpsCliArgsTest.READER), OpsCliArgsTest.READER);
        assertTrue(opsUserGrants(objects, OpsCliArgsTest.READER).stream().noneMatch(g -> g.endsWith(" Write")));
        assertEquals(writes, opsUserGrants(objects, OpsCliArgsTest.WRITER), OpsCliArgsTest.WRITER);
        assertTrue(Manifests.find(objects, "KafkaUser", "ops-cli").isEmpty(), "the old catch-all ops-cli user is gone");
    }

    /** "type name Operation" for every ACL of a KafkaUser, Describe left out (Read and Write imply it). */
    static Set<String> opsUserGrants(List<ObjectNode> objects, String user) {
        ObjectNode u = Manifests.get(objects, "KafkaUser", user);
        assertEquals("scram-sha-512", u.at("/spec/authentication/type").asText(), user);
        Set<String> granted = new TreeSet<>();
        for (JsonNode acl : u.at("/spec/authorization/acls")) {
            String pattern = acl.at("/resource/patternType").asText("literal");
            String resource = acl.at("/resource/type").asText() + ("literal".equals(pattern) ? " " : "-" + pattern + " ")
                    + acl.at("/resource/name").asText("");
            for (JsonNode op : acl.path("operations")) {
                if (!op.asText().equals("Describe")) {
                    granted.add(resource + " " + op.asText());
                }
            }
        }
        return granted;
    }

    @Test
    void entitlementServiceProducesTheTopicsEventsMdSaysItProduces() {
        ObjectNode user = Manifests.get(Manifests.overlay("prod"), "KafkaUser", "entitlement-service");
        Set<String> writes = new TreeSet<>();
        for (JsonNode acl : user.at("/spec/authorization/acls")) {
            for (JsonNode op : acl.path("operations")) {
                if (op.asText().equals("Write")) {
                    writes.add(acl.at("/resource/name").asText());
                }
            }
        }
        assertEquals(Set.of(Topics.ENTITLEMENT_EVENTS, Topics.ENTITLEMENT_DLQ), writes);
    }

    /** topic -> {producer column, consumers column} from the topics table of docs/events.md. */
    static Map<String, String[]> eventsMdProducersAndConsumers() {
        Map<String, String[]> table = new java.util.LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Repo.root().resolve("docs/events.md"))) {
                if (!line.startsWith("| `")) {
                    continue;
                }
                String[] cells = line.split("\\|");
                // | topic | key | partitions | retention | producer | consumers |
                if (cells.length >= 7) {
                    String topic = cells[1].strip().replace("`", "");
                    table.put(topic, new String[] {cells[5], cells[6]});
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertTrue(table.keySet().containsAll(topicsJava()), "docs/events.md documents every topic: " + table.keySet());
        return table;
    }

    static Set<String> topicsJava() {
        Set<String> topics = new TreeSet<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    topics.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        assertTrue(topics.size() >= 4, "Topics.java constants: " + topics);
        return topics;
    }
}
