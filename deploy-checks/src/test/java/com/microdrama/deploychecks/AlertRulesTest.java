package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Promtool;
import com.microdrama.deploychecks.support.Repo;
import com.microdrama.deploychecks.support.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts of base/observability/alerts.yaml as the cluster gets them (the rendered PrometheusRule): Prometheus'
 * promtool accepts the rule groups and passes their unit tests (base/observability/tests, where every alert fires on
 * a series that should trigger it and stays quiet on a healthy one), and every alert carries a severity, a summary, a
 * description and a runbook_url whose anchor is a section of RUNBOOK.md
 * (docs/decisions/0027-dashboards-and-alerts.md).
 */
class AlertRulesTest {
    static final String RULES_FILE = "alerts.rules.yaml";
    private static final Set<String> SEVERITIES = Set.of("warning", "critical");
    private static final Pattern RUNBOOK_URL = Pattern.compile("https://[^/]+/.+/deploy/kubernetes/RUNBOOK\\.md#([a-z0-9-]+)");

    @TempDir
    static Path work;
    static ObjectNode rule;
    static List<Path> unitTests;

    @BeforeAll
    static void writeTheRenderedGroupsBesideTheUnitTests() throws IOException {
        rule = Manifests.get(Manifests.overlay("prod"), "PrometheusRule", "microdrama-alerts");
        Files.writeString(work.resolve(RULES_FILE), Yaml.write(rule.get("spec")));
        unitTests = new ArrayList<>();
        try (Stream<Path> files = Files.list(observability().resolve("tests"))) {
            for (Path test : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                unitTests.add(Files.copy(test, work.resolve(test.getFileName())));
            }
        }
    }

    static Path observability() {
        return Repo.kubernetes().resolve("base/observability");
    }

    @Test
    void theRuleIsSelectedByKubePrometheusStack() {
        for (String overlay : Repo.OVERLAYS) {
            ObjectNode r = Manifests.get(Manifests.overlay(overlay), "PrometheusRule", "microdrama-alerts");
            assertEquals("kube-prometheus-stack", r.at("/metadata/labels/release").asText(), overlay);
        }
    }

    @Test
    void promtoolAcceptsTheRuleGroups() {
        Promtool.Result check = Promtool.run(work, "check", "rules", RULES_FILE);
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("SUCCESS: " + alerts().size() + " rules found"), check.output());
    }

    @Test
    void promtoolRejectsABrokenExpression() throws IOException {
        ObjectNode broken = rule.get("spec").deepCopy();
        ((ObjectNode) broken.at("/groups/0/rules/0")).put("expr", "sum by (job) (rate(microdrama_outbox_pending[5m])");
        Path dir = Files.createTempDirectory(work, "broken");
        Files.writeString(dir.resolve(RULES_FILE), Yaml.write(broken));
        Promtool.Result check = Promtool.run(dir, "check", "rules", RULES_FILE);
        assertNotEquals(0, check.exit(), check.output());
    }

    @Test
    void everyAlertPassesItsUnitTests() {
        assertFalse(unitTests.isEmpty(), "no unit tests in base/observability/tests");
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        unitTests.forEach(t -> args.add(t.getFileName().toString()));
        Promtool.Result test = Promtool.run(work, args.toArray(String[]::new));
        assertEquals(0, test.exit(), test.output());
    }

    @Test
    void everyAlertIsTestedFiringAndQuiet() {
        Map<String, Set<String>> seen = new HashMap<>();
        for (Path file : unitTests) {
            for (JsonNode test : Yaml.read(file).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    seen.computeIfAbsent(check.path("alertname").asText(), a -> new TreeSet<>())
                            .add(check.path("exp_alerts").isEmpty() ? "quiet" : "fires");
                }
            }
        }
        List<String> untested = new ArrayList<>();
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            if (!seen.getOrDefault(name, Set.of()).equals(Set.of("fires", "quiet"))) {
                untested.add(name + " " + seen.getOrDefault(name, Set.of()));
            }
        }
        assertEquals(List.of(), untested, "alerts without a firing and a quiet unit test");
    }

    @Test
    void everyAlertHasASeverityAWaitSummaryDescriptionAndRunbook() {
        List<String> problems = new ArrayList<>();
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            if (!SEVERITIES.contains(alert.at("/labels/severity").asText())) {
                problems.add(name + ": severity " + alert.at("/labels/severity"));
            }
            if (alert.path("for").asText().isEmpty()) {
                problems.add(name + ": no for:");
            }
            for (String annotation : List.of("summary", "description", "runbook_url")) {
                if (alert.path("annotations").path(annotation).asText().isBlank()) {
                    problems.add(name + ": no " + annotation);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyRunbookUrlPointsAtASectionOfTheRunbook() throws IOException {
        assertEquals(List.of(), runbookProblems(alerts(), anchors(Files.readString(Repo.kubernetes().resolve("RUNBOOK.md")))));
    }

    @Test
    void aRunbookUrlToAMissingSectionIsCaught() throws IOException {
        List<JsonNode> broken = new ArrayList<>();
        for (JsonNode alert : alerts()) {
            broken.add(alert.deepCopy());
        }
        ObjectNode annotations = (ObjectNode) broken.get(0).path("annotations");
        annotations.put("runbook_url", annotations.path("runbook_url").asText() + "-renamed");
        List<String> problems = runbookProblems(broken, anchors(Files.readString(Repo.kubernetes().resolve("RUNBOOK.md"))));
        assertEquals(1, problems.size(), problems.toString());
    }

    @Test
    void headingsBecomeGitHubAnchors() {
        assertEquals(Set.of("alerts", "microdramaoutboxstuck", "reconcile-and-repair", "data-operations-ops-cli",
                        "reconcile-and-repair-1"),
                anchors("## Alerts\n### MicrodramaOutboxStuck\n```bash\n# not a heading\n```\n## Data operations (ops-cli)\n"
                        + "### Reconcile and repair\n### Reconcile and repair\n"));
    }

    static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : rule.at("/spec/groups")) {
            for (JsonNode r : group.path("rules")) {
                if (r.has("alert")) {
                    alerts.add(r);
                }
            }
        }
        return alerts;
    }

    static List<String> runbookProblems(List<JsonNode> alerts, Set<String> anchors) {
        List<String> problems = new ArrayList<>();
        for (JsonNode alert : alerts) {
            String url = alert.at("/annotations/runbook_url").asText();
            Matcher m = RUNBOOK_URL.matcher(url);
            if (!m.matches()) {
                problems.add(alert.path("alert").asText() + ": runbook_url is not a RUNBOOK.md section: " + url);
            } else if (!anchors.contains(m.group(1))) {
                problems.add(alert.path("alert").asText() + ": RUNBOOK.md has no section #" + m.group(1));
            }
        }
        return problems;
    }

    /** The anchors GitHub gives a markdown file's headings (lower case, punctuation dropped, spaces to dashes). */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> repeats = new HashMap<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.matches("#{1,6} .*")) {
                String slug = line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                int n = repeats.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }
}
