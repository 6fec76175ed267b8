package com.microdrama.entitlement.access;

import com.microdrama.entitlement.config.EntitlementConfig;
import com.microdrama.entitlement.access.AccessViews.EntitlementItem;
import com.microdrama.entitlement.access.AccessViews.EntitlementPage;
import com.microdrama.entitlement.access.AccessViews.EpisodeCheck;
import com.microdrama.entitlement.access.AccessViews.SeriesCheck;
import com.microdrama.entitlement.access.AccessViews.SeriesEpisode;
import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.entitlement.problem.EntitlementProblems;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads what {@link AccessPolicy} needs and decides in memory. The checks are the hottest reads of the service (every
 * playback and series page catalog cannot answer from its cache, and the check after a purchase); their plain SQL is
 * {@link AccessQueries} (docs/decisions/0005-raw-sql-on-hot-paths.md).
 *
 * <p>{@code region} is the viewer's region as the caller established it (token claim, or catalog-service's
 * parameter); null means unknown, and then no region promo applies.
 *
 * <p>Paywall experiments (docs/decisions/0036-paywall-experiments.md): a check that answers {@code free} because of the
 * viewer's arm records their exposure before it answers, once per viewer, series and experiment (the read tells
 * whether they have it already), so the episodes stay free for them after the experiment stops.
 */
@ApplicationScoped
public class AccessService {

    private static final AccessPolicy POLICY = new AccessPolicy();
    /** On the link from a waiting check's span to the grant that answered it. */
    private static final Attributes WOKEN_BY_GRANT = Attributes.of(AttributeKey.stringKey("entitlement.wake"), "grant");

    private final Clock clock;
    private final AccessQueries queries;
    private final GrantWaiters waiters;
    private final Duration recheckInterval;
    private final WaitSlots slots;
    private final EntitlementConfig.Waits waitCaps;
    private final CheckMetrics metrics;

    public AccessService(Clock clock, AccessQueries queries, GrantNotices notices, EntitlementConfig config,
                         CheckMetrics metrics) {
        this.metrics = metrics;
        this.clock = clock;
        this.queries = queries;
        this.waiters = notices.waiters();
        this.recheckInterval = config.check().recheckInterval();
        this.waitCaps = config.check().waits();
        this.slots = new WaitSlots(waitCaps.perUser(), waitCaps.perInstance());
    }

    /**
     * The check, but while the answer is "not allowed" it waits up to {@code wait} for a grant to this user and reads
     * again: the app that just paid (or watched a rewarded ad) learns the moment the unlock is visible, with one
     * request instead of a poll loop. Answers "not allowed" when the wait ends without one.
     *
     * <p>Only so many checks may wait at once ({@link WaitSlots}): beyond the caps the check is refused with 429
     * {@code too-many-waits} before anything is read. The slot is released however the wait ends: answered, failed,
     * or cancelled because the client went away.
     */
    public Uni<EpisodeCheck> checkEpisode(String userId, String episodeId, String region, Duration wait) {
        if (wait.isZero()) {
            return checkEpisode(userId, episodeId, region);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        // the request's span, taken here on its own context: a wake resumes on the listening connection's
        Span request = Span.current();
        return Uni.createFrom().deferred(() -> {
            WaitSlots.Taken taken = slots.take(userId);
            if (taken.slot().isEmpty()) {
                return Uni.createFrom().failure(tooManyWaits(taken.refusedBy()));
            }
            WaitSlots.Slot slot = taken.slot().get();
            return checkUntilAllowed(userId, episodeId, region, deadline, request, SpanContext.getInvalid())
                    .onTermination().invoke(slot::release);
        });
    }

    private RuntimeException tooManyWaits(WaitSlots.Cap cap) {
        long retryAfterSeconds = Math.max(1, (waitCaps.retryAfter().toMillis() + 999) / 1000);
        int max = cap == WaitSlots.Cap.USER ? waitCaps.perUser() : waitCaps.perInstance();
        return EntitlementProblems.tooManyWaits(cap.name().toLowerCase(Locale.ROOT), max, retryAfterSeconds);
    }

    /**
     * {@code wokenBy}: the span of the grant whose notice made this read (invalid on the first read, after a recheck
     * or a wake without one). An "allowed" answer after such a wake links the request's span to that grant, so a trace
     * of the grant reaches the answer it released and back (docs/decisions/0025-tracing-through-the-outbox.md).
     */
    private Uni<EpisodeCheck> checkUntilAllowed(String userId, String episodeId, String region, long deadline,
                                                Span request, SpanContext wokenBy) {
        // watching before reading: a grant that commits after the read but before the wait still wakes this check
        GrantWaiters.Waiter waiter = waiters.watch(userId);
        return readEpisode(userId, episodeId, region)
                .onFailure().invoke(waiter::cancel)
                .onCancellation().invoke(waiter::cancel)
                .chain(answer -> {
                    long left = deadline - System.nanoTime();
                    if (answer.allowed() || left <= 0) {
                        waiter.cancel();
                        if (answer.allowed() && wokenBy.isValid()) {
                            request.addLink(wokenBy, WOKEN_BY_GRANT);
                        }
                        return Uni.createFrom().item(answer);
                    }
                    return waiter.woken(Duration.ofNanos(Math.min(left, recheckInterval.toNanos())))
                            .chain(grant -> checkUntilAllowed(userId, episodeId, region, deadline, request, grant));
                });
    }

    /** The caps on waiting checks and the slots taken now (tests, operators). */
    public WaitSlots waitSlots() {
        return slots;
    }

    public Uni<EpisodeCheck> checkEpisode(String userId, String episodeId, String region) {
        return metrics.single(() -> readEpisode(userId, episodeId, region));
    }

    private Uni<EpisodeCheck> readEpisode(String userId, String episodeId, String region) {
        Instant now = clock.instant();
        return queries.episode(userId, episodeId, region, now).chain(found -> {
            AccessQueries.EpisodeRows episode = found.orElseThrow(() -> EntitlementProblems.unknownEpisode(episodeId));
            AccessDecision decision = POLICY.decide(episode.facts(), episode.offer(), episode.grants(), now);
            List<EpisodeFacts> answeredFree = decision.reason() == Reason.FREE ? List.of(episode.facts()) : List.of();
            return exposed(episode.offer(), answeredFree, now).replaceWith(EpisodeCheck.of(episodeId, decision));
        });
    }

    /** Records the viewer's exposure when their arm opened one of these episodes and they have none of it yet. */
    private Uni<Void> exposed(ExperimentOffer offer, List<EpisodeFacts> answeredFree, Instant now) {
        return offer.exposureFor(answeredFree)
                .map(exposure -> queries.recordExposure(exposure, now))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    public Uni<SeriesCheck> checkSeries(String userId, String seriesId, String region) {
        return metrics.batch(() -> readSeries(userId, seriesId, region));
    }

    private Uni<SeriesCheck> readSeries(String userId, String seriesId, String region) {
        Instant now = clock.instant();
        return queries.series(userId, seriesId, region, now).chain(found -> {
            AccessQueries.SeriesRows series = found.orElseThrow(() -> EntitlementProblems.unknownSeries(seriesId));
            List<SeriesEpisode> answers = new ArrayList<>(series.episodes().size());
            List<EpisodeFacts> answeredFree = new ArrayList<>();
            for (EpisodeFacts facts : series.episodes()) {
                AccessDecision decision = POLICY.decide(facts, series.offer(), series.grants(), now);
                answers.add(SeriesEpisode.of(facts, decision));
                if (decision.reason() == Reason.FREE) {
                    answeredFree.add(facts);
                }
            }
            return exposed(series.offer(), answeredFree, now).replaceWith(new SeriesCheck(seriesId, answers));
        });
    }

    @WithSession
    public Uni<EntitlementPage> active(String userId, int page, int size) {
        Instant now = clock.instant();
        String query = """
                userId = ?1 and revokedAt is null and validFrom <= ?2 and (validUntil is null or validUntil > ?2)""";
        return Entitlement.<Entitlement>find(query,
                        Sort.by("validFrom", Sort.Direction.Descending).and("id"), userId, now)
                .page(Page.of(page, size)).list()
                .chain(rows -> Entitlement.count(query, userId, now)
                        .map(total -> new EntitlementPage(rows.stream().map(AccessService::item).toList(),
                                page, size, total)));
    }

    private static EntitlementItem item(Entitlement e) {
        return new EntitlementItem(e.id, e.kind, e.episodeId, e.seriesId, e.validFrom, e.validUntil, e.source);
    }
}
