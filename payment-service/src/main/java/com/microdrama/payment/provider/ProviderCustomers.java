package com.microdrama.payment.provider;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/**
 * Each user's customer at a provider (Stripe's Customer holds the saved card and the invoices), created once and
 * stored in {@code provider_customer}. Runs inside the caller's session and transaction.
 */
@ApplicationScoped
public class ProviderCustomers {
    private final Clock clock;

    public ProviderCustomers(Clock clock) {
        this.clock = clock;
    }

    /** The stored customer id, or null. */
    public Uni<String> find(String provider, String userId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("select customer_id from provider_customer where provider = :provider and user_id = :user")
                        .setParameter("provider", provider)
                        .setParameter("user", userId)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0).toString());
    }

    /** Stores the customer the provider created; a second call for the user keeps the first. */
    public Uni<Void> remember(String provider, String userId, String customerId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("insert into provider_customer (provider, user_id, customer_id, created_at) "
                                + "values (:provider, :user, :customer, :now) on conflict (provider, user_id) do nothing")
                        .setParameter("provider", provider)
                        .setParameter("user", userId)
                        .setParameter("customer", customerId)
                        .setParameter("now", clock.instant())
                        .executeUpdate())
                .replaceWithVoid();
    }
}
