package com.microdrama.entitlement.promo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.entitlement.admin.LegacyRequestFingerprint;
import com.microdrama.entitlement.admin.UniqueViolation;
import com.microdrama.entitlement.catalog.CatalogSeries;
import com.microdrama.entitlement.problem.EntitlementProblems;
import com.microdrama.entitlement.promo.PromoViews.PromoPage;
import com.microdrama.entitlement.promo.PromoViews.PromoRequest;
import com.microdrama.entitlement.promo.PromoViews.PromoView;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.Topics;
import com.microdrama.outbox.Outbox;
import com.microdrama.support.idempotency.IdempotentReplay;
import com.microdrama.support.idempotency.RequestFingerprint;
import com.microdrama.support.problem.Problem;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.problem.Problems;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Creates, lists and ends region promos. Creating and ending are facts other systems may care about (caches of
 * "free in my region" labels), so each is announced on entitlement-events through the outbox, in the same
 * transaction as the change.
 */
@ApplicationScoped
public class RegionPromos {

    /** A create's result; {@code created == false} when an idempotent repeat returned the earlier promo. */
    public record Outcome(PromoView promo, boolean created) {
    }

    static final String PROMOS_PATH = "/api/entitlements/admin/promos";

    private final Outbox outbox;
    private final Clock clock;
    private final ObjectMapper json;

    public RegionPromos(Outbox outbox, Clock clock, ObjectMapper json) {
        this.outbox = outbox;
        this.clock = clock;
        this.json = json;
    }

    public Uni<Outcome> create(PromoRequest request, String actor, String idempotencyKey) {
        Instant now = clock.instant();
        List<Map<String, String>> violations = PromoRules.check(request.regions(), request.validFrom(),
                request.validUntil(), now);
        if (!violations.isEmpty()) {
            return Uni.createFrom().failure(new ProblemException(Problems.validationFailed(violations)));
        }
        List<String> fingerprints = fingerprints(request);
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> CatalogSeries.known(request.seriesId())
                        .chain(known -> {
                            if (!known) {
                                return Uni.createFrom().failure(EntitlementProblems.notInCatalog("series", request.seriesId()));
                            }
                            return prior(actor, idempotencyKey);
                        })
                        .chain(prior -> prior != null ? repeat(prior, fingerprints, now)
                                : record(newPromo(request, actor, idempotencyKey, fingerprints.get(0), now), now)))
                        .invoke(outbox::afterCommit))
                // Two requests with the same key at once: the loser of the unique index finds the winner's promo.
                .onFailure(UniqueViolation::is).retry().atMost(1);
    }

    public Uni<PromoView> find(String id) {
        UUID uuid = parseId(id);
        if (uuid == null) {
            return Uni.createFrom().failure(unknownPromo(id));
        }
        Instant now = clock.instant();
        return Panache.withSession(() -> RegionPromo.<RegionPromo>findById(uuid))
                .onItem().ifNull().failWith(() -> unknownPromo(id))
                .map(p -> PromoView.of(p, now));
    }

    /** Newest first; {@code seriesId} and {@code state} narrow the list when given. */
    public Uni<PromoPage> list(String seriesId, RegionPromo.State state, int page, int size) {
        Instant now = clock.instant();
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (seriesId != null) {
            where.append(" and seriesId = :seriesId");
            params.and("seriesId", seriesId);
        }
        if (state != null) {
            where.append(switch (state) {
                case SCHEDULED -> " and endedAt is null and validFrom > :now";
                case ACTIVE -> " and endedAt is null and validFrom <= :now and validUntil > :now";
                case EXPIRED -> " and endedAt is null and validUntil <= :now";
                case ENDED -> " and endedAt is not null";
            });
            if (state != RegionPromo.State.ENDED) {
                params.and("now", now);
            }
        }
        String query = where.toString();
        return Panache.withSession(() -> RegionPromo.<RegionPromo>find(query + " order by createdAt desc, id", params)
                .page(Page.of(page, size)).list()
                .chain(rows -> RegionPromo.count(query, params).map(total -> new PromoPage(
                        rows.stream().map(p -> PromoView.of(p, now)).toList(), page, size, total))));
    }

    /**
     * Ends a promo now. A promo already ended or already over changes nothing and announces nothing (204 either way:
     * the caller's intent, "no longer free", holds).
     */
    public Uni<Void> end(String id, String actor, String reason) {
        UUID uuid = parseId(id);
        if (uuid == null) {
            return Uni.createFrom().failure(unknownPromo(id));
        }
        Instant now = clock.instant();
        return Panache.withTransaction(() -> RegionPromo.<RegionPromo>findById(uuid, LockModeType.PESSIMISTIC_WRITE)
                        .chain(p -> {
                            if (p == null) {
                                return Uni.createFrom().failure(unknownPromo(id));
                            }
                            if (p.stateAt(now) == RegionPromo.State.ENDED || p.stateAt(now) == RegionPromo.State.EXPIRED) {
                                return Uni.createFrom().voidItem();
                            }
                            p.endedAt = now;
                            p.endedBy = actor;
                            p.endReason = reason;
                            return announce(PromoEvents.ended(p, clock.instant()));
                        }))
                .invoke(outbox::afterCommit);
    }

    private static Uni<RegionPromo> prior(String actor, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Uni.createFrom().nullItem();
        }
        return RegionPromo.<RegionPromo>find("createdBy = ?1 and idempotencyKey = ?2", actor, idempotencyKey).firstResult();
    }

    private static Uni<Outcome> repeat(RegionPromo prior, List<String> fingerprints, Instant now) {
        return Uni.createFrom().item(() -> {
            IdempotentReplay.requireReplay(true, prior.requestHash, fingerprints, 409,
                    "This Idempotency-Key was used for a different promo");
            return new Outcome(PromoView.of(prior, now), false);
        });
    }

    /**
     * The shared fingerprint (stored with a new promo) and the one promos were stored with before it. Regions are a
     * set: sorted and without repeats, so ["MX","BR"] retries ["BR","MX"], as it did before.
     */
    private List<String> fingerprints(PromoRequest request) {
        TreeSet<String> regions = new TreeSet<>(request.regions());
        PromoRequest canonical = new PromoRequest(request.seriesId(), List.copyOf(regions), request.validFrom(),
                request.validUntil(), request.reason());
        return List.of(RequestFingerprint.of("POST", PROMOS_PATH, json.valueToTree(canonical)),
                LegacyRequestFingerprint.of(request.seriesId(), regions, request.validFrom(), request.validUntil(),
                        request.reason()));
    }

    private Uni<Outcome> record(RegionPromo promo, Instant now) {
        return promo.<RegionPromo>persist()
                .chain(() -> announce(PromoEvents.started(promo, clock.instant())))
                .map(ignored -> new Outcome(PromoView.of(promo, now), true));
    }

    private static RegionPromo newPromo(PromoRequest request, String actor, String idempotencyKey, String hash,
                                        Instant now) {
        RegionPromo p = new RegionPromo();
        p.id = UUID.randomUUID();
        p.seriesId = request.seriesId();
        p.regions = new TreeSet<>(request.regions());
        p.validFrom = request.validFrom() != null ? request.validFrom() : now;
        p.validUntil = request.validUntil();
        p.reason = request.reason();
        p.createdBy = actor;
        p.createdAt = now;
        p.idempotencyKey = idempotencyKey;
        p.requestHash = hash;
        return p;
    }

    /** Keyed by series: every change to one series' promos stays in order for a consumer (docs/events.md). */
    private Uni<Void> announce(EventEnvelope event) {
        return outbox.append(Topics.ENTITLEMENT_EVENTS, event.subject(), event);
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ProblemException unknownPromo(String id) {
        return new ProblemException(Problem.of(404, "unknown-promo", "Unknown promo", "No region promo '" + id + "' exists")
                .with("promoId", id));
    }
}
