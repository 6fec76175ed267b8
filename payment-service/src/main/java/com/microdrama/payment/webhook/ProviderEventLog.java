package com.microdrama.payment.webhook;

import com.microdrama.support.metrics.AfterCommit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Applies a provider's event (a Stripe event, an App Store notification, a Play notification) exactly once. The
 * event id goes into provider_event first, in the same transaction as the effect: a redelivered event finds the row
 * and does nothing; a parallel duplicate waits on the row's insert and then finds it. A failure rolls both back, so
 * the provider's retry gets another chance.
 */
@ApplicationScoped
public class ProviderEventLog {
    private final WebhookMetrics metrics;

    public ProviderEventLog(WebhookMetrics metrics) {
        this.metrics = metrics;
    }

    public record Result(String eventId, String type, boolean duplicate, String outcome) {
    }

    /**
     * Runs {@code apply} in a new transaction unless the event was applied before; its answer is the outcome. The
     * delivery is counted by outcome once that transaction committed ({@link WebhookMetrics}).
     */
    public Uni<Result> once(String provider, String eventId, String type, Supplier<Uni<String>> apply) {
        return AfterCommit.counting(() -> Panache.withTransaction(() -> inTransaction(provider, eventId, type, apply)))
                .invoke(result -> metrics.delivered(provider, result));
    }

    /** {@link #once} inside the caller's transaction. */
    public Uni<Result> inTransaction(String provider, String eventId, String type, Supplier<Uni<String>> apply) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("insert into provider_event (provider, event_id, type, outcome, received_at) "
                                + "values (:provider, :id, :type, 'processing', now()) on conflict do nothing")
                        .setParameter("provider", provider)
                        .setParameter("id", eventId)
                        .setParameter("type", type)
                        .executeUpdate())
                .chain(inserted -> inserted == 0
                        ? Uni.createFrom().item(new Result(eventId, type, true, "duplicate: already processed"))
                        : apply.get()
                                .call(outcome -> Panache.getSession().chain(s -> s.createNativeQuery(
                                                "update provider_event set outcome = :outcome where provider = :provider and event_id = :id")
                                        .setParameter("outcome", outcome)
                                        .setParameter("provider", provider)
                                        .setParameter("id", eventId)
                                        .executeUpdate()))
                                .map(outcome -> new Result(eventId, type, false, outcome)));
    }
}
