package com.microdrama.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microdrama.testsupport.MetricSamples;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void names_are_read_past_functions_matchers_ranges_grouping_and_variables() {
        assertEquals(Set.of("microdrama_fail_closed_total", "http_server_requests_seconds_count"), PromQlNames.of(
                "sum by (namespace) (rate(microdrama_fail_closed_total{namespace=~\"$namespace\", reason=\"a{b}\"}[$__rate_interval]))\n"
                        + "  / on (namespace) group_left (job) sum without (pod) (rate(http_server_requests_seconds_count{job=\"catalog-service\"}[5m] offset 1h)) > 0.01"));
        assertEquals(Set.of("microdrama_entitlement_check_seconds_bucket"), PromQlNames.of(
                "histogram_quantile(0.99, sum by (le, kind) (rate(microdrama_entitlement_check_seconds_bucket[5m])))"));
        assertEquals(Set.of("a", "b"), PromQlNames.of("a > 1e3 and bool b unless 60 * a"));
    }

    @Test
    void a_histogram_is_read_through_its_suffixes_and_a_summary_has_no_buckets() {
        MetricsExposition page = new MetricsExposition(List.of(MetricSamples.parse("""
                # TYPE check_seconds histogram
                check_seconds_bucket{kind="single",le="0.005"} 3.0
                check_seconds_count{kind="single"} 3.0
                check_seconds_sum{kind="single"} 0.01
                # TYPE http_seconds summary
                http_seconds_count{status="200"} 9.0
                http_seconds_sum{status="200"} 1.0
                # TYPE purchases_total counter
                purchases_total{status="completed"} 0.0
                # TYPE idle_seconds histogram
                """)));
        assertEquals(Optional.empty(), page.problem("check_seconds_bucket"));
        assertEquals(Optional.empty(), page.problem("http_seconds_count"));
        assertEquals(Optional.empty(), page.problem("purchases_total"));
        assertEquals(Optional.of("http_seconds is a summary: no _bucket series (it needs a histogram)"), page.problem("http_seconds_bucket"));
        assertEquals(Optional.of("idle_seconds (histogram) has no series yet"), page.problem("idle_seconds_count"));
        assertEquals(Optional.of("purchases is not exported"), page.problem("purchases"));
        assertEquals(Optional.of("refunds_total is not exported"), page.problem("refunds_total"));
    }
}
