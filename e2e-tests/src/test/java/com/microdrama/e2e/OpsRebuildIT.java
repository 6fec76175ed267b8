package com.microdrama.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operator proof: {@code ops rebuild entitlements} against the running entitlement-service (port 8082). The rebuild
 * replaces the live tables with what the event log and the admin journal say; afterwards every entitlement is as it
 * was: the test users' rows column by column, the answers they get, and over the whole table no row lost and none
 * added or changed except by events that arrived meanwhile. A wrong URL or missing admin rights fail with one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsRebuildIT {
    private static final String SERIES = "midnight-contract";
    private static final String OTHER_SERIES = "segunda-chance";
    private static final String ENTITLEMENT_URL = "http://127.0.0.1:" + env("ENTITLEMENT_PORT", "8082");
    private static final String CATALOG_URL = "http://127.0.0.1:" + env("CATALOG_PORT", "8083");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PROGRESS = Pattern.compile(
            "rebuild \\S+: (RUNNING|SWAPPED)/[A-Z_]+ read \\d+/\\d+, applied \\d+, invalid \\d+, failed \\d+, [\\d.]+ events/s");

    private Viewer erin;
    private Viewer frank;
    private List<String> users;
    private final List<String> episodes = new ArrayList<>();

    @BeforeAll
    void purchasesRefundsVipAndAdminGrants() {
        for (int n : new int[]{4, 5, 8, 9, 10}) {
            episodes.add(Viewer.episodeId(SERIES, n));
        }
        String otherEp4 = Viewer.episodeId(OTHER_SERIES, 4);
        episodes.add(otherEp4);
        erin = Viewer.create("e2e-rebuild-e");
        frank = Viewer.create("e2e-rebuild-f");
        users = List.of(erin.id, frank.id);

        erin.buyPack("coins-500");
        erin.unlockEpisode(episodes.get(0));
        Viewer.Admin.refundUnlock(erin.unlockEpisode(episodes.get(1)), "e2e rebuild proof");
        Viewer.Admin.promoGrant(erin.id, episodes.get(2), "e2e rebuild proof");
        Viewer.Admin.revoke(Viewer.Admin.promoGrant(erin.id, episodes.get(3), "e2e rebuild proof"), "e2e rebuild proof");
        frank.buyPack("coins-500");
        frank.unlockSeries(OTHER_SERIES);
        frank.subscribe("vip-monthly");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertEquals(List.of("true/episode-purchase", "false/none", "true/promo", "false/none", "false/none", "false/none"),
                    answers(erin));
            assertEquals(List.of("true/vip", "true/vip", "true/vip", "true/vip", "true/vip", "true/series-purchase"),
                    answers(frank));
        });
    }

    @Test
    void rebuildThroughTheCliLeavesEveryEntitlementAsItWas() {
        KafkaProbe.awaitEntitlementServiceCaughtUp();
        Map<Integer, Long> endsBefore = TopicReader.endOffsets(KafkaProbe.PAYMENT_EVENTS);
        Map<String, Row> tableBefore = wholeTable();
        List<String> rowsBefore = ServiceDatabases.entitlements(ServiceDatabases.BUSINESS_COLUMNS, users);
        List<String> answersBefore = allAnswers();
        long announcedBefore = ServiceDatabases.announcements(users);
        assertEquals(6, rowsBefore.size(), "2 episodes, 2 promos, a series and VIP: " + rowsBefore);

        OpsCliProcess.Result r = OpsCliProcess.run("rebuild", "entitlements", "--entitlement-url", ENTITLEMENT_URL,
                "--poll-interval", "500");

        assertEquals(0, r.exitCode(), r.err());
        JsonNode job = r.json();
        assertEquals("SWAPPED", job.path("state").asText(), job.toString());
        assertEquals("DONE", job.path("phase").asText());
        assertTrue(job.path("recordsRead").asLong() > 0, job.toString());
        // the target is the end offsets at the start; records other tests write meanwhile are read on top of it
        assertTrue(job.path("recordsRead").asLong() >= job.path("recordsToRead").asLong(), job.toString());
        assertEquals(0, job.path("failedRecords").asLong(), job.toString());
        List<String> err = r.errLines();
        assertEquals("rebuild job " + job.path("jobId").asText() + " started", err.get(0));
        assertTrue(err.size() >= 2 && err.subList(1, err.size()).stream().allMatch(l -> PROGRESS.matcher(l).matches()),
                "progress lines with records and events/s: " + r.err());
        assertTrue(err.get(err.size() - 1).contains("SWAPPED/DONE"), r.err());

        assertEquals(rowsBefore, ServiceDatabases.entitlements(ServiceDatabases.BUSINESS_COLUMNS, users));
        assertEquals(answersBefore, allAnswers());
        assertEquals(announcedBefore, ServiceDatabases.announcements(users), "a rebuild announces nothing");
        assertWholeTableKept(tableBefore, endsBefore);
        assertTrue(job.path("entitlementsAfter").asLong() >= tableBefore.size(), job.toString());
    }

    @Test
    void aWrongUrlOrMissingAdminRightsFailWithOneClearLine() {
        int closedPort = freePort();
        assertRefused(1, "cannot reach http://127.0.0.1:" + closedPort + "/api/entitlements/admin/rebuild (connection refused)",
                "--entitlement-url", "http://127.0.0.1:" + closedPort);
        assertRefused(1, "no rebuild API at " + CATALOG_URL + " (404)", "--entitlement-url", CATALOG_URL);
        assertRefused(2, "--entitlement-url 'localhost:8082' is not an http(s) URL", "--entitlement-url", "localhost:8082");
        assertRefused(1, "Keycloak refused the sign-in of 'admin'", "--admin-password", "not-the-password");
        assertRefused(1, "'support' may not start a rebuild at " + ENTITLEMENT_URL + " (403 forbidden): the realm role 'admin' is required",
                "--admin-user", "support", "--admin-password", "support");
        Viewer viewer = Viewer.create("e2e-rebuild-viewer");
        assertRefused(1, "'" + viewer.username + "' may not start a rebuild", "--admin-user", viewer.username,
                "--admin-password", viewer.username);
        // A token entitlement-service never accepts (no microdrama-api audience): one fresh sign-in, then a clear error,
        // where ops-cli used to sign in and poll again without end.
        KeycloakTestClients.ensureTestClients();
        assertRefused(1, "rejected a freshly issued admin token (401)", "--client-id", KeycloakTestClients.NO_AUDIENCE,
                "--job", "00000000-0000-0000-0000-000000000000");
    }

    private static void assertRefused(int exitCode, String message, String... options) {
        List<String> args = new ArrayList<>(List.of("rebuild", "entitlements"));
        args.addAll(List.of(options));
        if (!args.contains("--entitlement-url")) {
            args.addAll(List.of("--entitlement-url", ENTITLEMENT_URL));
        }
        OpsCliProcess.Result r = OpsCliProcess.run(Duration.ofSeconds(60), args.toArray(String[]::new));
        assertEquals(exitCode, r.exitCode(), r.err());
        assertEquals(1, r.errLines().size(), "one line: " + r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(message), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in thread"), "no stack trace: " + r.err());
        assertEquals("", r.out(), "nothing on stdout");
    }

    /**
     * Over the whole table (other tests' users too): no row lost, and none added, revoked or un-revoked except by a
     * payment event that arrived after the snapshot (other modules' tests share the topic). Only kind and revocation
     * are compared here: rows other modules' tests produced may carry event times ahead of the clock, which live and
     * rebuild cap at different moments, and a grant repaired by reconcile is attributed to the original event by the
     * log (the repair is then a duplicate there). The test users' rows are compared column by column above.
     */
    private void assertWholeTableKept(Map<String, Row> before, Map<Integer, Long> endsBefore) {
        Map<String, Row> after = wholeTable();
        Set<String> lost = new HashSet<>(before.keySet());
        lost.removeAll(after.keySet());
        assertEquals(Set.of(), lost, "entitlements lost by the rebuild");
        Set<String> later = new HashSet<>();
        for (ConsumerRecord<String, String> rec : TopicReader.readUpToEnd(KafkaProbe.PAYMENT_EVENTS, endsBefore)) {
            later.add(eventId(rec.value()));
        }
        List<String> unexplained = new ArrayList<>();
        after.forEach((id, row) -> {
            Row was = before.get(id);
            boolean same = was != null && was.kind().equals(row.kind()) && was.revoked() == row.revoked();
            if (!same && !later.contains(row.causeEventId()) && !later.contains(row.revokeEventId())) {
                unexplained.add(id + ": " + was + " -> " + row);
            }
        });
        assertEquals(List.of(), unexplained, "rows the rebuild added or changed (no later event explains them)");
    }

    private record Row(String kind, boolean revoked, String causeEventId, String revokeEventId) {
    }

    private static Map<String, Row> wholeTable() {
        Map<String, Row> table = new HashMap<>();
        for (String row : ServiceDatabases.ENTITLEMENTS.rows("select id, kind, case when revoked_at is null then 'active' else 'revoked' end, cause_event_id, "
                + "coalesce(revoke_event_id, '') from entitlement")) {
            String[] c = row.split("\\|", -1);
            table.put(c[0], new Row(c[1], "revoked".equals(c[2]), c[3], c[4]));
        }
        return table;
    }

    private List<String> allAnswers() {
        List<String> all = new ArrayList<>(answers(erin));
        all.addAll(answers(frank));
        return all;
    }

    private List<String> answers(Viewer v) {
        return episodes.stream().map(v::access).toList();
    }

    private static String eventId(String envelope) {
        try {
            return JSON.readTree(envelope).path("id").asText();
        } catch (IOException e) {
            return ""; // not an event: explains nothing
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
