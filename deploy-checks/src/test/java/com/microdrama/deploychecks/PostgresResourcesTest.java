package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PostgreSQL cluster's durability: synchronous replication in prod, backups through the Barman Cloud plugin. */
class PostgresResourcesTest {
    private static final String PLUGIN = "barman-cloud.cloudnative-pg.io";

    @Test
    void prodCommitsWaitForAStandbyAndFailoverNeedsAQuorum() {
        ObjectNode cluster = Manifests.get(Manifests.overlay("prod"), "Cluster", "microdrama-pg");
        JsonNode sync = cluster.at("/spec/postgresql/synchronous");
        assertEquals("any", sync.path("method").asText());
        assertTrue(sync.path("number").asInt() >= 1);
        assertTrue(sync.path("number").asInt() < cluster.at("/spec/instances").asInt(), "a standby to spare");
        assertEquals("required", sync.path("dataDurability").asText());
        assertTrue(sync.path("failoverQuorum").asBoolean());
    }

    @Test
    void devWithOneInstanceHasNoSynchronousStandbyToWaitFor() {
        ObjectNode cluster = Manifests.get(Manifests.overlay("dev"), "Cluster", "microdrama-pg");
        assertEquals(1, cluster.at("/spec/instances").asInt());
        assertTrue(cluster.at("/spec/postgresql/synchronous").isMissingNode());
    }

    @Test
    void prodBacksUpThroughTheBarmanCloudPluginOnly() {
        List<ObjectNode> prod = Manifests.overlay("prod");
        ObjectNode cluster = Manifests.get(prod, "Cluster", "microdrama-pg");
        assertTrue(cluster.at("/spec/backup/barmanObjectStore").isMissingNode(), "the in-tree Barman support is superseded");
        JsonNode plugin = cluster.at("/spec/plugins/0");
        assertEquals(PLUGIN, plugin.path("name").asText());
        assertTrue(plugin.path("isWALArchiver").asBoolean());
        String store = plugin.at("/parameters/barmanObjectName").asText();
        Manifests.get(prod, "ObjectStore", store);
        for (ObjectNode backup : Manifests.ofKind(prod, "ScheduledBackup")) {
            assertEquals("plugin", backup.at("/spec/method").asText());
            assertEquals(PLUGIN, backup.at("/spec/pluginConfiguration/name").asText());
        }
        assertEquals(1, Manifests.ofKind(prod, "ScheduledBackup").size());
    }
}
