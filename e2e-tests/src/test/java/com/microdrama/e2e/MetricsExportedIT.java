package com.microdrama.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.microdrama.testsupport.MetricSamples;
import com.microdrama.testsupport.RepositoryRoot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every metric an alert or a Grafana dashboard of deploy/kubernetes/base/observability names is exported by one of
 * the three running services' /q/metrics (docs/decisions/0027-dashboards-and-alerts.md): a renamed metric breaks
 * here, not silently as an empty panel or an alert that never fires. Ordered after the journeys and attacks, so the
 * series that only exist once used (histograms by outcome) have been.
 */
@Order(Order.DEFAULT + 500)
class MetricsExportedIT {
    private static final Path OBSERVABILITY = Path.of("deploy/kubernetes/base/observability");

    @Test
    void every_metric_an_alert_or_a_dashboard_reads_is_exported_by_a_service() throws Exception {
        Map<String, TreeSet<String>> readers = namesAndWhereTheyAreRead();
        assertTrue(readers.size() >= 15, "metric names found in the alerts and dashboards: " + readers.keySet());

        List<MetricSamples> scrapes = new ArrayList<>();
        for (Map.Entry<String, Integer> service : Map.of("payment-service", GatewayCalls.port("PAYMENT_PORT", 8081),
                "entitlement-service", GatewayCalls.port("ENTITLEMENT_PORT", 8082),
                "catalog-service", GatewayCalls.port("CATALOG_PORT", 8083)).entrySet()) {
            scrapes.add(MetricSamples.parse(metricsPage(service.getKey(), service.getValue())));
        }
        MetricsExposition exported = new MetricsExposition(scrapes);

        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, TreeSet<String>> name : readers.entrySet()) {
            Optional<String> problem = exported.problem(name.getKey());
            problem.ifPresent(p -> missing.add(p + " (read by " + String.join(", ", name.getValue()) + ")"));
        }
        assertEquals(List.of(), missing, "metrics the alerts and dashboards read that no service exports");
    }

    /** metric name -> the alerts and dashboard panels whose queries read it. */
    static Map<String, TreeSet<String>> namesAndWhereTheyAreRead() throws IOException {
        Path dir = RepositoryRoot.find().resolve(OBSERVABILITY);
        Map<String, TreeSet<String>> readers = new TreeMap<>();
        JsonNode rule = new YAMLMapper().readTree(dir.resolve("alerts.yaml").toFile());
        for (JsonNode group : rule.at("/spec/groups")) {
            for (JsonNode r : group.path("rules")) {
                read(readers, r.path("expr").asText(), "alert " + r.path("alert").asText(r.path("record").asText()));
            }
        }
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(dir.resolve("dashboards"))) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        ObjectMapper json = new ObjectMapper();
        for (Path file : dashboards) {
            JsonNode dashboard = json.readTree(file.toFile());
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    read(readers, target.path("expr").asText(),
                            "\"" + dashboard.path("title").asText() + "\" / \"" + panel.path("title").asText() + "\"");
                }
            }
            for (JsonNode variable : dashboard.at("/templating/list")) {
                read(readers, variable.path("definition").asText().replaceAll("^label_values\\((.*),[^,]*\\)$", "$1"),
                        "\"" + dashboard.path("title").asText() + "\" variable " + variable.path("name").asText());
            }
        }
        return readers;
    }

    private static void read(Map<String, TreeSet<String>> readers, String expr, String reader) {
        PromQlNames.of(expr).forEach(name -> readers.computeIfAbsent(name, n -> new TreeSet<>()).add(reader));
    }

    private static String metricsPage(String service, int port) throws IOException, InterruptedException {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), service + " /q/metrics");
        return page.body();
    }
}
