package com.microdrama.entitlement.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.entitlement.admin.AdminViews.AdRewardRequest;
import com.microdrama.entitlement.admin.AdminViews.Cause;
import com.microdrama.entitlement.admin.AdminViews.EntitlementView;
import com.microdrama.entitlement.admin.AdminViews.History;
import com.microdrama.entitlement.admin.AdminViews.PromoGrantRequest;
import com.microdrama.entitlement.catalog.CatalogEpisode;
import com.microdrama.entitlement.catalog.CatalogSeries;
import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.entitlement.problem.EntitlementProblems;
import com.microdrama.support.idempotency.IdempotentReplay;
import com.microdrama.support.metrics.AfterCommit;
import com.microdrama.support.idempotency.RequestFingerprint;
import com.microdrama.support.problem.Problem;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.problem.Problems;
import com.microdrama.support.problem.Violations;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Promo grants, ad rewards and revocations by people. Each write journals an {@link AdminAction} and applies it in
 * one transaction, so the journal (what a rebuild replays) and the live table cannot disagree.
 */
@ApplicationScoped
public class AdminGrants {

    /** A write's result; {@code created == false} when an idempotent repeat returned the earlier entitlement. */
    public record Outcome(EntitlementView entitlement, boolean created) {
    }

    static final String GRANTS_PATH = "/api/entitlements/admin/grants";

    private final AdminLedger ledger;
    private final Clock clock;
    private final ObjectMapper json;

    public AdminGrants(AdminLedger ledger, Clock clock, ObjectMapper json) {
        this.ledger = ledger;
        this.clock = clock;
        this.json = json;
    }

    public Uni<Outcome> grantPromo(PromoGrantRequest request, String actor, String idempotencyKey) {
        Instant now = clock.instant();
        List<GrantRules.Violation> violations = GrantRules.check(request.kind(), request.episodeId(), request.seriesId(),
                request.validFrom(), request.validUntil(), now);
        if (!violations.isEmpty()) {
            return Uni.createFrom().failure(new ProblemException(Problems.validationFailed(violations.stream()
                    .map(v -> Violations.violation(v.field(), v.message())).toList())));
        }
        List<String> fingerprints = fingerprints(request);
        return Uni.createFrom().deferred(() -> Panache.withSession(() -> seriesOfTarget(request))
                        .chain(seriesId -> journalled(() -> priorGrant(actor, idempotencyKey).chain(prior -> {
                            if (prior != null) {
                                return repeat(prior, fingerprints);
                            }
                            AdminAction action = promoAction(request, seriesId, actor, idempotencyKey,
                                    fingerprints.get(0), now);
                            return record(action);
                        }))))
                // Two requests with the same key at once: the loser of the unique index finds the winner's grant.
                .onFailure(UniqueViolation::is).retry().atMost(1);
    }

    public Uni<Outcome> adReward(AdRewardRequest request, String actor) {
        Instant now = clock.instant();
        return Uni.createFrom().deferred(() -> Panache.withSession(
                                () -> CatalogEpisode.<CatalogEpisode>findById(request.episodeId()))
                        .chain(episode -> {
                            if (episode == null) {
                                return Uni.createFrom().failure(EntitlementProblems.notInCatalog("episode", request.episodeId()));
                            }
                            return journalled(() -> AdminAction.<AdminAction>find("adImpressionId", request.adImpressionId())
                                    .firstResult().chain(prior -> {
                                        if (prior != null) {
                                            return repeatAdReward(prior, request);
                                        }
                                        return record(adRewardAction(request, episode.seriesId, actor, now));
                                    }));
                        }))
                .onFailure(UniqueViolation::is).retry().atMost(1);
    }

    /** Revokes any entitlement; revoking a revoked one changes nothing and is not journalled. */
    public Uni<Void> revoke(String entitlementId, String actor, String reason) {
        UUID id = parseId(entitlementId);
        if (id == null) {
            return Uni.createFrom().failure(unknownEntitlement(entitlementId));
        }
        return journalled(() -> Entitlement.<Entitlement>findById(id, LockModeType.PESSIMISTIC_WRITE).chain(e -> {
            if (e == null) {
                return Uni.createFrom().failure(unknownEntitlement(entitlementId));
            }
            if (e.revokedAt != null) {
                return Uni.createFrom().voidItem();
            }
            AdminAction action = new AdminAction();
            action.id = UUID.randomUUID().toString();
            action.action = AdminAction.REVOKE;
            action.actor = actor;
            action.entitlementId = e.id;
            action.entitlementSource = e.source;
            action.userId = e.userId;
            action.reason = reason;
            action.createdAt = clock.instant();
            return action.<AdminAction>persist().chain(() -> ledger.apply(action));
        }));
    }

    public Uni<EntitlementView> find(String entitlementId) {
        UUID id = parseId(entitlementId);
        if (id == null) {
            return Uni.createFrom().failure(unknownEntitlement(entitlementId));
        }
        return Panache.withSession(() -> view(id)).onItem().ifNull()
                .failWith(() -> unknownEntitlement(entitlementId));
    }

    /** Every entitlement the user ever had, revoked ones included, each with what granted and revoked it. */
    @WithSession
    public Uni<History> history(String userId) {
        Instant now = clock.instant();
        return Entitlement.<Entitlement>list("userId = ?1 order by validFrom, id", userId)
                .chain(rows -> causes(rows).map(causes -> new History(userId,
                        rows.stream().map(e -> view(e, causes, now)).toList())));
    }

    /**
     * Every admin write transaction touches admin_action first. The rebuild swap locks admin_action before the
     * entitlement tables, so taking them in the same order means the two wait for each other instead of deadlocking.
     */
    private <T> Uni<T> journalled(Supplier<Uni<T>> work) {
        return AfterCommit.counting(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("lock table admin_action in row exclusive mode").executeUpdate())
                .chain(ignored -> work.get())))
                .invoke(ledger::committed);
    }

    private Uni<String> seriesOfTarget(PromoGrantRequest request) {
        if ("episode".equals(request.kind())) {
            return CatalogEpisode.<CatalogEpisode>findById(request.episodeId()).map(episode -> {
                if (episode == null) {
                    throw EntitlementProblems.notInCatalog("episode", request.episodeId());
                }
                return episode.seriesId;
            });
        }
        return CatalogSeries.known(request.seriesId()).map(known -> {
            if (!known) {
                throw EntitlementProblems.notInCatalog("series", request.seriesId());
            }
            return request.seriesId();
        });
    }

    private static Uni<AdminAction> priorGrant(String actor, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Uni.createFrom().nullItem();
        }
        return AdminAction.<AdminAction>find("actor = ?1 and idempotencyKey = ?2", actor, idempotencyKey).firstResult();
    }

    private Uni<Outcome> repeat(AdminAction prior, List<String> fingerprints) {
        return Uni.createFrom().item(prior)
                .invoke(p -> IdempotentReplay.requireReplay(true, p.requestHash, fingerprints, 409,
                        "This Idempotency-Key was used for a different grant"))
                .chain(p -> view(p.entitlementId))
                .map(v -> new Outcome(v, false));
    }

    private Uni<Outcome> repeatAdReward(AdminAction prior, AdRewardRequest request) {
        if (!prior.userId.equals(request.userId()) || !Objects.equals(prior.episodeId, request.episodeId())) {
            return Uni.createFrom().failure(ProblemException.conflict("ad-impression-reused", "Ad impression already rewarded",
                    "Ad impression '" + request.adImpressionId() + "' already rewarded another user or episode"));
        }
        return view(prior.entitlementId).map(v -> new Outcome(v, false));
    }

    private Uni<Outcome> record(AdminAction action) {
        return action.<AdminAction>persist()
                .chain(() -> ledger.apply(action))
                .chain(() -> view(action.entitlementId))
                .map(v -> new Outcome(v, true));
    }

    private static AdminAction promoAction(PromoGrantRequest request, String seriesId, String actor,
                                           String idempotencyKey, String hash, Instant now) {
        AdminAction action = grantAction(AdminAction.PROMO_GRANT, request.userId(), actor, now);
        action.entitlementSource = "promo:" + action.id;
        action.entitlementId = Entitlement.idFor(action.entitlementSource);
        action.episodeId = "episode".equals(request.kind()) ? request.episodeId() : null;
        action.seriesId = seriesId;
        action.validFrom = request.validFrom() != null ? request.validFrom() : now;
        action.validUntil = request.validUntil();
        action.reason = request.reason();
        action.idempotencyKey = idempotencyKey;
        action.requestHash = hash;
        return action;
    }

    private static AdminAction adRewardAction(AdRewardRequest request, String seriesId, String actor, Instant now) {
        AdminAction action = grantAction(AdminAction.AD_REWARD, request.userId(), actor, now);
        action.entitlementSource = "ad-reward:" + request.adImpressionId();
        action.entitlementId = Entitlement.idFor(action.entitlementSource);
        action.episodeId = request.episodeId();
        action.seriesId = seriesId;
        action.validFrom = now;
        action.adImpressionId = request.adImpressionId();
        action.reason = "rewarded ad " + request.adImpressionId();
        return action;
    }

    private static AdminAction grantAction(String kind, String userId, String actor, Instant now) {
        AdminAction action = new AdminAction();
        action.id = UUID.randomUUID().toString();
        action.action = kind;
        action.actor = actor;
        action.userId = userId;
        action.createdAt = now;
        return action;
    }

    private Uni<EntitlementView> view(UUID id) {
        Instant now = clock.instant();
        return Entitlement.<Entitlement>findById(id).chain(e -> e == null ? Uni.createFrom().nullItem()
                : causes(List.of(e)).map(causes -> view(e, causes, now)));
    }

    private static EntitlementView view(Entitlement e, Map<String, Cause> causes, Instant now) {
        Cause granted = causes.getOrDefault(e.causeEventId, new Cause(e.causeEventId, null, null, null, null));
        Cause revoked = e.revokeEventId == null ? null
                : causes.getOrDefault(e.revokeEventId, new Cause(e.revokeEventId, null, null, null, null));
        return new EntitlementView(e.id, e.userId, e.kind, e.episodeId, e.seriesId, e.validFrom, e.validUntil,
                e.source, granted.reason(), e.toGrant().activeAt(now), e.revokedAt != null, e.revokedAt,
                granted, revoked);
    }

    /** Event types from the inbox (Kafka events) and the journal (admin actions), in two queries for any number of rows. */
    private static Uni<Map<String, Cause>> causes(List<Entitlement> rows) {
        Set<String> ids = rows.stream()
                .flatMap(e -> Stream.of(e.causeEventId, e.revokeEventId))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("select event_id, type from processed_event where event_id in (:ids)", Object[].class)
                        .setParameter("ids", ids)
                        .getResultList())
                .chain(events -> AdminAction.<AdminAction>list("id in ?1", ids).map(actions -> {
                    Map<String, Cause> causes = new HashMap<>();
                    for (Object[] row : events) {
                        causes.put((String) row[0], new Cause((String) row[0], (String) row[1], null, null, null));
                    }
                    for (AdminAction a : actions) {
                        causes.put(a.id, new Cause(a.id, a.eventType(), a.actor, a.reason, a.createdAt));
                    }
                    return causes;
                }));
    }

    /** The shared fingerprint (stored with a new grant) and the one grants were stored with before it. */
    private List<String> fingerprints(PromoGrantRequest r) {
        return List.of(RequestFingerprint.of("POST", GRANTS_PATH, json.valueToTree(r)),
                LegacyRequestFingerprint.of(r.userId(), r.kind(), r.episodeId(), r.seriesId(), r.validFrom(),
                        r.validUntil(), r.reason()));
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ProblemException unknownEntitlement(String id) {
        return new ProblemException(Problem.of(404, "unknown-entitlement", "Unknown entitlement",
                "No entitlement '" + id + "' exists").with("entitlementId", id));
    }
}
