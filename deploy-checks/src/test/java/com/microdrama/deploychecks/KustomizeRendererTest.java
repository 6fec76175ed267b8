package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.JsonDiff;
import com.microdrama.deploychecks.support.KustomizeRenderer;
import com.microdrama.deploychecks.support.Kubectl;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.RenderTree;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java renderer that every other check uses, on a fixture with known output, and against "kubectl kustomize"
 * for each real overlay wherever kubectl is installed (it is at /usr/bin/kubectl on the project's machines; on a
 * machine without it only the comparison is skipped, every other check still runs on the Java renderer).
 */
class KustomizeRendererTest {

    @Test
    void rendererAppliesNamespaceLabelsPatchesAndImagesLikeKustomize() {
        List<ObjectNode> objects = KustomizeRenderer.render(fixture("basic/overlay"));

        ObjectNode namespace = Manifests.get(objects, "Namespace", "fixture");
        assertFalse(namespace.path("metadata").has("namespace"), "a Namespace is cluster-scoped");

        ObjectNode deployment = Manifests.get(objects, "Deployment", "app");
        assertEquals("fixture", deployment.at("/metadata/namespace").asText());
        assertEquals("fixture", deployment.at("/metadata/labels/app.kubernetes.io~1part-of").asText());
        assertTrue(deployment.at("/metadata/labels/app.kubernetes.io~1name").isMissingNode(), "removed by the patch");
        assertEquals("app", deployment.at("/spec/template/metadata/labels/app.kubernetes.io~1name").asText(),
                "labels without includeTemplates leave pod templates alone");
        assertTrue(deployment.at("/spec/template/metadata/labels/app.kubernetes.io~1part-of").isMissingNode());
        assertEquals(1, deployment.at("/spec/replicas").asInt());
        assertEquals("example/app:2.0", deployment.at("/spec/template/spec/containers/0/image").asText());
        assertEquals("mirror.example/sidecar:1.0", deployment.at("/spec/template/spec/containers/1/image").asText());
        assertEquals("example/added@sha256:1111111111111111111111111111111111111111111111111111111111111111",
                deployment.at("/spec/template/spec/containers/2/image").asText());
        assertEquals("example/app:2.0", deployment.at("/spec/template/spec/initContainers/0/image").asText());

        ObjectNode cronJob = Manifests.get(objects, "CronJob", "job");
        assertEquals("example/app:2.0", cronJob.at("/spec/jobTemplate/spec/template/spec/containers/0/image").asText());

        ObjectNode config = Manifests.get(objects, "ConfigMap", "app-config");
        assertEquals("from-file", config.at("/data/ADDED").asText());

        ObjectNode secret = Manifests.get(objects, "Secret", "app-secret");
        assertEquals("fixture", secret.at("/metadata/namespace").asText());
        assertEquals("Opaque", secret.path("type").asText());
        assertEquals(Map.of("user", "app", "token", "fixture-token"), Manifests.secretData(secret));
    }

    @Test
    void rendererRefusesKustomizeFeaturesOutsideItsSubset() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> KustomizeRenderer.render(fixture("unsupported")));
        assertTrue(e.getMessage().contains("configMapGenerator"), e.getMessage());
    }

    @Test
    void aPatchWhoseTargetMatchesNothingFailsInsteadOfBeingIgnored() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KustomizeRenderer.render(fixture("dangling-patch")));
        assertTrue(e.getMessage().contains("no-such-deployment"), e.getMessage());
    }

    @Test
    void javaRendererAgreesWithKubectlOnTheFixture() {
        Path kubectl = kubectl();
        assertSameObjects(Kubectl.kustomize(kubectl, fixture("basic/overlay")),
                KustomizeRenderer.render(fixture("basic/overlay")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void javaRendererAgreesWithKubectlOnEveryOverlay(String overlay) {
        Path kubectl = kubectl();
        assertSameObjects(Kubectl.kustomize(kubectl, RenderTree.overlay(overlay)), Manifests.overlay(overlay));
    }

    private static Path kubectl() {
        Optional<Path> kubectl = Kubectl.find();
        assumeTrue(kubectl.isPresent(), "kubectl is not installed: the Java renderer alone is used");
        return kubectl.get();
    }

    private static void assertSameObjects(List<ObjectNode> expected, List<ObjectNode> actual) {
        Map<String, JsonNode> byIdExpected = byId(expected);
        Map<String, JsonNode> byIdActual = byId(actual);
        assertEquals(new TreeSet<>(byIdExpected.keySet()), new TreeSet<>(byIdActual.keySet()), "same objects");
        byIdExpected.forEach((id, node) ->
                assertEquals(List.of(), JsonDiff.differences(node, byIdActual.get(id)), "kubectl vs Java renderer: " + id));
    }

    private static Map<String, JsonNode> byId(List<ObjectNode> objects) {
        Map<String, JsonNode> map = new TreeMap<>();
        for (ObjectNode o : objects) {
            if (map.put(Manifests.id(o), o) != null) {
                throw new AssertionError("duplicate object " + Manifests.id(o));
            }
        }
        return map;
    }

    static Path fixture(String name) {
        try {
            return Path.of(KustomizeRendererTest.class.getClassLoader().getResource("kustomize/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
