package com.microdrama.storeemulator.appstore;

import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** App Store Connect's part: apps and their products, registered by the tests or scripts that use them. */
@ApplicationScoped
public class AppStoreCatalog {

    public record AppRequest(Long appAppleId, String environment, String notificationUrl) {
    }

    public record ProductRequest(String type, String price, String currency, String subscriptionGroupIdentifier,
                                 String period, String freeTrial) {
    }

    private static final Set<String> TYPES = Set.of(Product.CONSUMABLE, Product.NON_CONSUMABLE, Product.AUTO_RENEWABLE);

    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Product>> products = new ConcurrentHashMap<>();

    public App putApp(String bundleId, AppRequest request) {
        if (request == null || request.appAppleId() == null) {
            throw AppStoreErrors.badRequest("appAppleId is required");
        }
        String environment = request.environment() == null ? "Sandbox" : request.environment();
        if (!environment.equals("Sandbox") && !environment.equals("Production")) {
            throw AppStoreErrors.badRequest("environment must be Sandbox or Production, not " + environment);
        }
        String url = request.notificationUrl() == null || request.notificationUrl().isBlank() ? null : request.notificationUrl();
        if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
            throw AppStoreErrors.badRequest("notificationUrl must be an http(s) URL: " + url);
        }
        if (url != null) {
            URI.create(url);
        }
        App app = new App(bundleId, request.appAppleId(), environment, url);
        apps.put(bundleId, app);
        return app;
    }

    public App app(String bundleId) {
        App app = apps.get(bundleId);
        if (app == null) {
            throw AppStoreErrors.notFound("no app " + bundleId + "; PUT /_emulator/app-store/apps/" + bundleId + " first");
        }
        return app;
    }

    public Product putProduct(String bundleId, String productId, ProductRequest request) {
        app(bundleId);
        if (request == null || request.type() == null || !TYPES.contains(request.type())) {
            throw AppStoreErrors.badRequest("type must be one of " + TYPES);
        }
        long milliunits = milliunits(request.price());
        if (request.currency() == null || !request.currency().matches("[A-Za-z]{3}")) {
            throw AppStoreErrors.badRequest("currency must be an ISO 4217 code");
        }
        String group = null;
        String period = null;
        String trial = null;
        if (Product.AUTO_RENEWABLE.equals(request.type())) {
            if (request.subscriptionGroupIdentifier() == null || request.subscriptionGroupIdentifier().isBlank()) {
                throw AppStoreErrors.badRequest("subscriptionGroupIdentifier is required for a subscription");
            }
            group = request.subscriptionGroupIdentifier();
            period = StoreDuration.parse(request.period(), "period").iso();
            trial = request.freeTrial() == null ? null : StoreDuration.parse(request.freeTrial(), "freeTrial").iso();
        }
        Product product = new Product(bundleId, productId, request.type(), request.price(),
                request.currency().toUpperCase(Locale.ROOT), milliunits, group, period, trial);
        products.computeIfAbsent(bundleId, b -> new ConcurrentHashMap<>()).put(productId, product);
        return product;
    }

    public Product product(String bundleId, String productId) {
        app(bundleId);
        Product product = products.getOrDefault(bundleId, Map.of()).get(productId);
        if (product == null) {
            throw AppStoreErrors.notFound("no product " + productId + " in app " + bundleId);
        }
        return product;
    }

    public List<Product> products(String bundleId) {
        app(bundleId);
        return List.copyOf(products.getOrDefault(bundleId, Map.of()).values());
    }

    /** Apple's price field: the price in milliunits of the currency (0.99 → 990). */
    private static long milliunits(String price) {
        try {
            BigDecimal value = new BigDecimal(price);
            if (value.signum() < 0) {
                throw AppStoreErrors.badRequest("price must not be negative: " + price);
            }
            return value.movePointRight(3).longValueExact();
        } catch (NullPointerException | NumberFormatException | ArithmeticException e) {
            throw AppStoreErrors.badRequest("price must be a decimal string with at most 3 decimals, like \"0.99\"");
        }
    }
}
