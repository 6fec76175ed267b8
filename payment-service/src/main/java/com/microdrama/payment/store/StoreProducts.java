package com.microdrama.payment.store;

import com.microdrama.payment.config.PaymentConfig;
import com.microdrama.payment.pack.CoinPack;
import com.microdrama.payment.subscription.SubscriptionPlan;
import com.microdrama.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * Which of our coin packs or VIP plans a store product is (configuration: {@code payment.app-store.products},
 * {@code payment.play.products}; decision 0020). The store sets the price; we grant what the product maps to.
 */
@ApplicationScoped
public class StoreProducts {
    public static final String APP_STORE = "app-store";
    public static final String PLAY = "play";

    /** A coin pack or a plan, never both. */
    public record Product(String productId, CoinPack pack, SubscriptionPlan plan) {
    }

    private final Map<String, Map<String, String>> byStore;

    public StoreProducts(PaymentConfig config) {
        this.byStore = Map.of(APP_STORE, config.appStore().products(), PLAY, config.play().products());
    }

    /** The product, or 422 unknown-store-product: a product the app sells but nobody mapped is a setup error. */
    public Uni<Product> resolve(String provider, String productId) {
        String target = byStore.getOrDefault(provider, Map.of()).get(productId);
        if (target == null) {
            return Uni.createFrom().failure(unknown(provider, productId));
        }
        return CoinPack.<CoinPack>findById(target).chain(pack -> pack != null
                ? Uni.createFrom().item(new Product(productId, pack, null))
                : SubscriptionPlan.<SubscriptionPlan>findById(target).map(plan -> {
                    if (plan == null) {
                        throw unknown(provider, productId);
                    }
                    return new Product(productId, null, plan);
                }));
    }

    private static ProblemException unknown(String provider, String productId) {
        return new ProblemException(422, "unknown-store-product", "Unknown store product",
                "The " + provider + " product '" + productId + "' is not mapped to a coin pack or a VIP plan",
                Map.of("productId", productId));
    }
}
