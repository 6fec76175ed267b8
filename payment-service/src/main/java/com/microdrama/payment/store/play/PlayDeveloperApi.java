package com.microdrama.payment.store.play;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.androidpublisher.AndroidPublisher;
import com.google.api.services.androidpublisher.AndroidPublisherScopes;
import com.google.api.services.androidpublisher.model.InAppProduct;
import com.google.api.services.androidpublisher.model.ProductPurchase;
import com.google.api.services.androidpublisher.model.ProductPurchasesAcknowledgeRequest;
import com.google.api.services.androidpublisher.model.SubscriptionPurchaseV2;
import com.google.api.services.androidpublisher.model.SubscriptionPurchasesAcknowledgeRequest;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.microdrama.payment.config.PaymentConfig;
import com.microdrama.payment.store.ConfiguredFiles;
import com.microdrama.support.problem.ProblemException;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Google's Android Publisher API through Google's own client (decision 0020): purchases are read back from Google,
 * never taken from the app's word. Locally the API root is the store emulator's and the service account's key names
 * its token endpoint; the calls are the same. The client blocks, so calls run on a worker and come back to the
 * caller's context.
 */
@ApplicationScoped
public class PlayDeveloperApi {
    private final Optional<String> packageName;
    private final AndroidPublisher publisher;

    public PlayDeveloperApi(PaymentConfig config) {
        PaymentConfig.Play play = config.play();
        this.packageName = play.packageName();
        if (packageName.isEmpty()) {
            this.publisher = null;
            return;
        }
        String key = play.serviceAccountKey().orElseThrow(() -> new IllegalStateException(
                "payment.play.service-account-key is required when payment.play.package-name is set"));
        GoogleCredentials credentials;
        try {
            credentials = ServiceAccountCredentials.fromStream(new ByteArrayInputStream(
                            ConfiguredFiles.read("payment.play.service-account-key", key)))
                    .createScoped(List.of(AndroidPublisherScopes.ANDROIDPUBLISHER));
        } catch (IOException e) {
            throw new UncheckedIOException("payment.play.service-account-key: not a service account key", e);
        }
        this.publisher = new AndroidPublisher.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
                new HttpCredentialsAdapter(credentials))
                .setRootUrl(play.apiRoot())
                .setApplicationName("microdrama-payment-service")
                .build();
    }

    public boolean enabled() {
        return publisher != null;
    }

    public String packageName() {
        return packageName.orElseThrow(PlayService::notEnabled);
    }

    public Uni<ProductPurchase> productPurchase(String productId, String token) {
        return call(() -> publisher.purchases().products().get(packageName(), productId, token).execute());
    }

    public Uni<InAppProduct> inAppProduct(String sku) {
        return call(() -> publisher.inappproducts().get(packageName(), sku).execute());
    }

    public Uni<SubscriptionPurchaseV2> subscription(String token) {
        return call(() -> publisher.purchases().subscriptionsv2().get(packageName(), token).execute());
    }

    /** Google refunds a purchase not acknowledged within three days: acknowledged once it is credited here. */
    public Uni<Void> acknowledgeProduct(String productId, String token) {
        return call(() -> publisher.purchases().products()
                .acknowledge(packageName(), productId, token, new ProductPurchasesAcknowledgeRequest()).execute())
                .replaceWithVoid();
    }

    /** A consumed coin pack can be bought again. */
    public Uni<Void> consume(String productId, String token) {
        return call(() -> publisher.purchases().products().consume(packageName(), productId, token).execute())
                .replaceWithVoid();
    }

    public Uni<Void> acknowledgeSubscription(String productId, String token) {
        return call(() -> publisher.purchases().subscriptions()
                .acknowledge(packageName(), productId, token, new SubscriptionPurchasesAcknowledgeRequest()).execute())
                .replaceWithVoid();
    }

    /** Google's 404 (token unknown for this app) and 400 are the caller's problem; anything else is ours (502). */
    private <T> Uni<T> call(Callable<T> request) {
        if (publisher == null) {
            return Uni.createFrom().failure(PlayService.notEnabled());
        }
        return VertxContextSupport.executeBlocking(request)
                .onFailure(GoogleJsonResponseException.class).transform(e -> {
                    GoogleJsonResponseException g = (GoogleJsonResponseException) e;
                    String message = g.getDetails() != null ? g.getDetails().getMessage() : g.getStatusMessage();
                    if (g.getStatusCode() == 404 || g.getStatusCode() == 400 || g.getStatusCode() == 410) {
                        return new ProblemException(422, "unknown-store-purchase", "Unknown Google Play purchase",
                                "Google Play does not know this purchase for this app: " + message);
                    }
                    return new ProblemException(502, "store-unavailable", "Google Play unavailable",
                            "Google Play answered " + g.getStatusCode() + ": " + message);
                })
                .onFailure(IOException.class).transform(e -> new ProblemException(502, "store-unavailable",
                        "Google Play unavailable", "Google Play could not be reached: " + e.getMessage()));
    }
}
