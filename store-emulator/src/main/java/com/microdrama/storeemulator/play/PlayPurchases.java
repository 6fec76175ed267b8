package com.microdrama.storeemulator.play;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every purchase made on the emulated devices and every voided one, in memory. Tokens and order ids are random, so
 * they never repeat after a restart forgot the earlier ones.
 */
@ApplicationScoped
public class PlayPurchases {

    /** An entry of {@code purchases.voidedpurchases.list}; {@code productType} 1 subscription, 2 one-time, as in RTDN. */
    record Voided(String packageName, String purchaseToken, String orderId, long purchaseTimeMillis, long voidedTimeMillis,
                  int voidedSource, int voidedReason, int productType) {
    }

    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, OneTimePurchase> oneTime = new HashMap<>();
    private final Map<String, PlaySubscription> subscriptions = new HashMap<>();
    private final Set<String> orderIds = new HashSet<>();
    private final List<Voided> voided = new ArrayList<>();

    synchronized <T> T locked(Supplier<T> work) {
        return work.get();
    }

    synchronized OneTimePurchase buy(PlayCatalog.Product product, String accountId, String regionCode, Instant now) {
        OneTimePurchase purchase = new OneTimePurchase(newToken(), product.packageName(), product.sku(), newOrderId(), now, accountId, regionCode);
        oneTime.put(purchase.token, purchase);
        return purchase;
    }

    synchronized PlaySubscription subscribe(PlayCatalog.Product product, String accountId, String regionCode, boolean freeTrial, Instant now) {
        IsoPeriod first = freeTrial && product.freeTrial() != null ? product.freeTrial() : product.period();
        PlaySubscription subscription = new PlaySubscription(newToken(), product.packageName(), product, accountId, regionCode, now,
                newOrderId(), freeTrial && product.freeTrial() != null, first.addTo(now));
        subscriptions.put(subscription.token, subscription);
        return subscription;
    }

    synchronized Optional<OneTimePurchase> oneTime(String token) {
        return Optional.ofNullable(oneTime.get(token));
    }

    synchronized Optional<PlaySubscription> subscription(String token) {
        return Optional.ofNullable(subscriptions.get(token));
    }

    synchronized void addVoided(Voided entry) {
        voided.add(entry);
    }

    synchronized boolean isVoided(String orderId) {
        return voided.stream().anyMatch(v -> v.orderId().equals(orderId));
    }

    synchronized List<Voided> voided(String packageName) {
        return voided.stream().filter(v -> v.packageName().equals(packageName)).toList();
    }

    /** Shaped like Google's: 24 letters, a dot, then a long opaque tail; safe in a URL path. */
    private String newToken() {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            token.append(LOWER.charAt(random.nextInt(LOWER.length())));
        }
        token.append(".AO-J1O");
        for (int i = 0; i < 140; i++) {
            token.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
        }
        return token.toString();
    }

    /** {@code GPA.3312-3456-7890-12345}, as Google numbers orders. */
    private String newOrderId() {
        String id;
        do {
            id = String.format("GPA.33%02d-%04d-%04d-%05d", random.nextInt(100), random.nextInt(10_000), random.nextInt(10_000),
                    random.nextInt(100_000));
        } while (!orderIds.add(id));
        return id;
    }
}
