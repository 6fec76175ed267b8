package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

@Command(name = "gets", description = "Only the wrk GET loads of a full run (trivial GET, playback, diagnostic rows, series page).")
final class GetsCommand extends ServicesRun {

    @Override
    String mode() {
        return "gets";
    }

    @Override
    void measure(Run run, Fleet fleet, Shop shop, Shop.User viewer, String owned) throws Exception {
        try {
            GetLoads.measure(run.root, shop, viewer, owned, smoke, run.results);
            run.results.put("rss_mb_after_load", Run.rssOf(fleet));
        } finally {
            shop.unpublishQuietly();
        }
    }

    @Override
    void print(JsonNode results) {
        Metrics.print(results, "playback", "trivial", "entitlement_check", "series_page");
    }
}
