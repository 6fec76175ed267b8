package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.ImageRef;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Repo;
import com.microdrama.deploychecks.support.Yaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Probes, resources, security context and images of every workload the overlays deploy. */
class WorkloadHardeningTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceContainerHasStartupLivenessAndReadinessProbesOnQuarkusHealth(String overlay) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode deployment : Manifests.ofKind(Manifests.overlay(overlay), "Deployment")) {
            JsonNode c = PodSpecs.container(deployment);
            String name = Manifests.name(deployment);
            expectProbe(problems, name, c, "livenessProbe", "/q/health/live");
            expectProbe(problems, name, c, "readinessProbe", "/q/health/ready");
            expectProbe(problems, name, c, "startupProbe", "/q/health/started");
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasCpuAndMemoryRequestsAndLimits(String overlay) {
        assertEquals(List.of(), resourceProblems(Manifests.overlay(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodRunsAsTheQuarkusUserWithAReadOnlyRootAndNoPrivileges(String overlay) {
        assertEquals(List.of(), securityProblems(Manifests.overlay(overlay)));
    }

    @Test
    void theStandaloneJobTemplateIsHardenedLikeTheCronJob() {
        List<ObjectNode> job = Yaml.readAll(Repo.kubernetes().resolve("jobs/reconcile-job.yaml"));
        assertEquals(List.of(), securityProblems(job));
        assertEquals(List.of(), resourceProblems(job));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void imagesAreMicrodramaSlashServiceNameWithTheOverlaysTag(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        for (String service : Repo.SERVICES) {
            String image = PodSpecs.container(Manifests.get(objects, "Deployment", service)).path("image").asText();
            ImageRef ref = ImageRef.parse(image);
            assertEquals("microdrama/" + service, ref.name(), "image of " + service);
            assertTrue(ref.tag() != null || ref.digest() != null, service + " image has no tag: " + image);
            assertFalse("latest".equals(ref.tag()), service + " uses :latest");
            if (overlay.equals("prod")) {
                assertTrue(ref.digest() != null || ref.tag().matches("\\d+\\.\\d+\\.\\d+([-.].+)?"),
                        "prod deploys release tags: " + image);
            }
        }
        ObjectNode cron = Manifests.get(objects, "CronJob", "reconcile");
        String ops = cron.at("/spec/jobTemplate/spec/template/spec/containers/0/image").asText();
        assertEquals("microdrama/ops-cli", ImageRef.parse(ops).name());
        assertTrue(ImageRef.parse(ops).tag() != null, "ops-cli tag set by the overlay: " + ops);
    }

    @Test
    void theReconcileCronJobNeverRunsTwiceAtOnce() {
        for (String overlay : Repo.OVERLAYS) {
            ObjectNode cron = Manifests.get(Manifests.overlay(overlay), "CronJob", "reconcile");
            assertEquals("Forbid", cron.at("/spec/concurrencyPolicy").asText());
            assertEquals("reconcile", cron.at("/spec/jobTemplate/spec/template/spec/containers/0/args/0").asText());
        }
    }

    private static void expectProbe(List<String> problems, String name, JsonNode c, String probe, String path) {
        JsonNode p = c.path(probe);
        if (p.isMissingNode()) {
            problems.add(name + ": no " + probe);
        } else if (!path.equals(p.at("/httpGet/path").asText())) {
            problems.add(name + ": " + probe + " path is " + p.at("/httpGet/path") + ", expected " + path);
        } else if (!"http".equals(p.at("/httpGet/port").asText())) {
            problems.add(name + ": " + probe + " must use the named port http");
        }
    }

    static List<String> resourceProblems(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        PodSpecs.of(objects).forEach((id, spec) -> {
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : spec.path(list)) {
                    for (String bound : List.of("requests", "limits")) {
                        for (String resource : List.of("cpu", "memory")) {
                            if (c.at("/resources/" + bound + "/" + resource).asText("").isEmpty()) {
                                problems.add(id + "/" + c.path("name").asText() + ": no " + bound + "." + resource);
                            }
                        }
                    }
                }
            }
        });
        return problems;
    }

    static List<String> securityProblems(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> specs = PodSpecs.of(objects);
        if (specs.isEmpty()) {
            problems.add("no workloads rendered");
        }
        specs.forEach((id, spec) -> {
            JsonNode pod = spec.path("securityContext");
            if (!"RuntimeDefault".equals(pod.at("/seccompProfile/type").asText())) {
                problems.add(id + ": pod seccompProfile is not RuntimeDefault");
            }
            if (spec.path("automountServiceAccountToken").asBoolean(true)) {
                problems.add(id + ": mounts a service-account token it does not need");
            }
            boolean tmpVolume = false;
            for (JsonNode v : spec.path("volumes")) {
                tmpVolume |= v.has("emptyDir") && mountedAtTmp(spec, v.path("name").asText());
            }
            if (!tmpVolume) {
                problems.add(id + ": no emptyDir mounted at /tmp (the root filesystem is read-only)");
            }
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : spec.path(list)) {
                    String where = id + "/" + c.path("name").asText();
                    JsonNode sc = c.path("securityContext");
                    if (!(sc.path("runAsNonRoot").asBoolean(false) || pod.path("runAsNonRoot").asBoolean(false))) {
                        problems.add(where + ": runAsNonRoot is not true");
                    }
                    int user = sc.has("runAsUser") ? sc.path("runAsUser").asInt() : pod.path("runAsUser").asInt(-1);
                    if (user != 185) {
                        problems.add(where + ": runAsUser " + user + ", expected 185 (the Quarkus image user)");
                    }
                    if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                        problems.add(where + ": readOnlyRootFilesystem is not true");
                    }
                    if (sc.path("allowPrivilegeEscalation").asBoolean(true)) {
                        problems.add(where + ": allowPrivilegeEscalation is not false");
                    }
                    boolean dropsAll = false;
                    for (JsonNode cap : sc.at("/capabilities/drop")) {
                        dropsAll |= "ALL".equals(cap.asText());
                    }
                    if (!dropsAll || sc.at("/capabilities/add").size() > 0) {
                        problems.add(where + ": must drop ALL capabilities and add none");
                    }
                    if (sc.path("privileged").asBoolean(false)) {
                        problems.add(where + ": privileged");
                    }
                }
            }
        });
        return problems;
    }

    private static boolean mountedAtTmp(JsonNode spec, String volume) {
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(list)) {
                boolean found = false;
                for (JsonNode m : c.path("volumeMounts")) {
                    found |= m.path("name").asText().equals(volume) && m.path("mountPath").asText().equals("/tmp");
                }
                if (!found) {
                    return false;
                }
            }
        }
        return true;
    }
}
