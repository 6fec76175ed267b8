package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Promtool;
import com.microdrama.deploychecks.support.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboards of base/observability/dashboards as the cluster gets them (ConfigMaps labelled for the
 * kube-prometheus-stack Grafana sidecar): all shipped, every panel reads the Prometheus datasource variable (no
 * installation's datasource uid), and every panel query parses as PromQL, checked by promtool as recording rules with
 * Grafana's variables replaced by values they take.
 */
class DashboardsTest {
    private static final String DATASOURCE = "${datasource}";
    /** Grafana's variables and the value each query is checked with. */
    private static final Map<String, String> VARIABLES = Map.of(
            "$__rate_interval", "5m", "$__interval", "1m", "$__range", "1h", "${namespace}", ".*", "$namespace", ".*");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");

    @TempDir
    Path work;

    @Test
    void everyDashboardFileIsShippedForTheGrafanaSidecar() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(AlertRulesTest.observability().resolve("dashboards"))) {
            list.forEach(f -> files.add(f.getFileName().toString()));
        }
        for (String overlay : List.of("dev", "prod")) {
            Map<String, JsonNode> shipped = dashboards(Manifests.overlay(overlay));
            assertEquals(files, shipped.keySet(), overlay);
            Set<String> uids = new TreeSet<>();
            shipped.values().forEach(d -> uids.add(d.path("uid").asText()));
            assertEquals(files.size(), uids.size(), "dashboard uids must be unique: " + uids);
        }
    }

    @Test
    void everyPanelReadsTheDatasourceVariable() {
        Map<String, JsonNode> dashboards = dashboards(Manifests.overlay("prod"));
        assertEquals(List.of(), datasourceProblems(dashboards));
    }

    @Test
    void aHardCodedDatasourceUidIsCaught() {
        Map<String, JsonNode> dashboards = new LinkedHashMap<>(dashboards(Manifests.overlay("prod")));
        String name = dashboards.keySet().iterator().next();
        JsonNode broken = dashboards.get(name).deepCopy();
        ((ObjectNode) broken.at("/panels/0/targets/0/datasource")).put("uid", "P1809F7CD0C75ACF3");
        dashboards.put(name, broken);
        assertEquals(1, datasourceProblems(dashboards).size());
    }

    @Test
    void everyPanelQueryParses() throws IOException {
        Map<String, JsonNode> dashboards = dashboards(Manifests.overlay("prod"));
        Files.writeString(work.resolve("queries.yaml"), asRecordingRules(dashboards));
        Promtool.Result check = Promtool.run(work, "check", "rules", "queries.yaml");
        assertEquals(0, check.exit(), check.output());
        assertTrue(queries(dashboards).size() >= 20, "queries: " + queries(dashboards).size());
    }

    @Test
    void aQueryThatDoesNotParseIsCaught() throws IOException {
        Map<String, JsonNode> dashboards = new LinkedHashMap<>(dashboards(Manifests.overlay("prod")));
        String name = dashboards.keySet().iterator().next();
        JsonNode broken = dashboards.get(name).deepCopy();
        ((ObjectNode) broken.at("/panels/0/targets/0")).put("expr", "sum by (job) rate(http_server_requests_seconds_count[5m])");
        dashboards.put(name, broken);
        Files.writeString(work.resolve("queries.yaml"), asRecordingRules(dashboards));
        assertNotEquals(0, Promtool.run(work, "check", "rules", "queries.yaml").exit());
    }

    /** file name -> dashboard, from the ConfigMaps with label grafana_dashboard: "1". */
    static Map<String, JsonNode> dashboards(List<ObjectNode> objects) {
        Map<String, JsonNode> dashboards = new LinkedHashMap<>();
        for (ObjectNode map : Manifests.ofKind(objects, "ConfigMap")) {
            if (!"1".equals(map.at("/metadata/labels/grafana_dashboard").asText())) {
                continue;
            }
            map.path("data").fields().forEachRemaining(e -> {
                try {
                    dashboards.put(e.getKey(), Yaml.JSON.readTree(e.getValue().asText()));
                } catch (IOException ex) {
                    throw new UncheckedIOException(Manifests.id(map) + " " + e.getKey(), ex);
                }
            });
        }
        return dashboards;
    }

    /** "file panel-id refId" -> the query with Grafana's variables replaced. */
    static Map<String, String> queries(Map<String, JsonNode> dashboards) {
        Map<String, String> queries = new LinkedHashMap<>();
        dashboards.forEach((file, dashboard) -> {
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    String id = file + " panel " + panel.path("id").asText() + " " + target.path("refId").asText();
                    queries.put(id, substitute(id, target.path("expr").asText()));
                }
            }
        });
        return queries;
    }

    private static String substitute(String id, String expr) {
        String result = expr;
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            result = result.replace(v.getKey(), v.getValue());
        }
        Matcher unknown = VARIABLE.matcher(result);
        if (unknown.find()) {
            throw new AssertionError(id + ": variable " + unknown.group() + " unknown to this check (add it to VARIABLES)");
        }
        return result;
    }

    private static String asRecordingRules(Map<String, JsonNode> dashboards) {
        ObjectNode file = Yaml.JSON.createObjectNode();
        ArrayNode rules = file.putArray("groups").addObject().put("name", "dashboard-queries").putArray("rules");
        queries(dashboards).forEach((id, expr) ->
                rules.addObject().put("record", "dashboard:" + id.replaceAll("[^A-Za-z0-9]+", "_")).put("expr", expr));
        return Yaml.write(file);
    }

    static List<String> datasourceProblems(Map<String, JsonNode> dashboards) {
        List<String> problems = new ArrayList<>();
        dashboards.forEach((file, dashboard) -> {
            boolean variable = false;
            for (JsonNode v : dashboard.at("/templating/list")) {
                variable |= "datasource".equals(v.path("type").asText()) && "prometheus".equals(v.path("query").asText())
                        && DATASOURCE.equals("${" + v.path("name").asText() + "}");
            }
            if (!variable) {
                problems.add(file + ": no Prometheus datasource variable named datasource");
            }
            for (JsonNode panel : panels(dashboard)) {
                List<JsonNode> uses = new ArrayList<>(List.of(panel.path("datasource")));
                panel.path("targets").forEach(uses::add);
                for (JsonNode use : uses) {
                    JsonNode ds = use.has("datasource") ? use.path("datasource") : use;
                    if (!DATASOURCE.equals(ds.path("uid").asText())) {
                        problems.add(file + " panel " + panel.path("id").asText() + ": datasource " + ds);
                    }
                }
            }
        });
        return problems;
    }

    /** Panels, those inside collapsed rows included. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }
}
