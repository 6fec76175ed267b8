package com.microdrama.storeemulator.play;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** What the Play Console holds per app: its RTDN push subscription and its products. */
@ApplicationScoped
public class PlayCatalog {

    static final String DEFAULT_PUSH_ACCOUNT = "play-rtdn-push@local-project.iam.gserviceaccount.com";

    /** The Pub/Sub push subscription of an app's RTDN topic; {@code pushEndpoint} null until one is set. */
    record App(String packageName, String pushEndpoint, String audience, String pushServiceAccount) {
    }

    record Price(String priceMicros, String currency) {
    }

    /** An in-app product ({@code inapp}) or a subscription with one base plan ({@code subs}). */
    record Product(String packageName, String sku, String type, Price defaultPrice, Map<String, Price> prices,
                   String basePlanId, IsoPeriod period, IsoPeriod freeTrial) {

        boolean subscription() {
            return "subs".equals(type);
        }

        /** The price charged in a region: its own when set, else the default. */
        Price priceIn(String regionCode) {
            return prices.getOrDefault(regionCode, defaultPrice);
        }
    }

    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, Product> products = new ConcurrentHashMap<>();

    void putApp(App app) {
        apps.put(app.packageName(), app);
    }

    /** The app as set, or one without a push subscription when only its products were set. */
    Optional<App> app(String packageName) {
        App app = apps.get(packageName);
        if (app == null && products.values().stream().anyMatch(p -> p.packageName().equals(packageName))) {
            app = new App(packageName, null, null, DEFAULT_PUSH_ACCOUNT);
        }
        return Optional.ofNullable(app);
    }

    void putProduct(Product product) {
        products.put(product.packageName() + "/" + product.sku(), product);
    }

    Optional<Product> product(String packageName, String sku) {
        return Optional.ofNullable(products.get(packageName + "/" + sku));
    }
}
