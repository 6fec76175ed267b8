package com.microdrama.ops.reconcile;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.androidpublisher.AndroidPublisher;
import com.google.api.services.androidpublisher.AndroidPublisherScopes;
import com.google.api.services.androidpublisher.model.ProductPurchase;
import com.google.api.services.androidpublisher.model.SubscriptionPurchaseLineItem;
import com.google.api.services.androidpublisher.model.SubscriptionPurchaseV2;
import com.google.api.services.androidpublisher.model.VoidedPurchase;
import com.google.api.services.androidpublisher.model.VoidedPurchasesListResponse;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.microdrama.ops.OpsException;
import com.microdrama.ops.reconcile.StoreRows.ProductState;
import com.microdrama.ops.reconcile.StoreRows.SubscriptionState;
import com.microdrama.ops.reconcile.StoreRows.Voided;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Google Play's side, read with Google's own Android Publisher client and the service account's key, as
 * payment-service reads it (list and get calls only). Locally the root is the store emulator's and the key's
 * {@code token_uri} points at it; nothing else differs.
 */
final class PlayView {
    /** Google's largest page of voided purchases. */
    private static final long PAGE = 1000;

    private final AndroidPublisher publisher;
    private final String packageName;
    private final String apiRoot;

    PlayView(String packageName, Path keyFile, String apiRoot) {
        this.packageName = packageName;
        this.apiRoot = apiRoot;
        GoogleCredentials credentials;
        try (InputStream in = Files.newInputStream(keyFile)) {
            credentials = ServiceAccountCredentials.fromStream(in).createScoped(List.of(AndroidPublisherScopes.ANDROIDPUBLISHER));
        } catch (IOException e) {
            throw OpsException.usage("--play-service-account-key-file: " + keyFile + " is not a readable service account "
                    + "key (" + e.getMessage() + ")");
        }
        this.publisher = new AndroidPublisher.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
                new HttpCredentialsAdapter(credentials)).setRootUrl(apiRoot).setApplicationName("microdrama-ops-cli").build();
    }

    /** Voided one-time and subscription purchases (type 1) voided since {@code since} (Google's default: 30 days). */
    List<Voided> voided(Instant since) {
        List<Voided> out = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            VoidedPurchasesListResponse r = call("purchases.voidedpurchases.list", () -> {
                AndroidPublisher.Purchases.Voidedpurchases.List list = publisher.purchases().voidedpurchases()
                        .list(packageName).setType(1).setMaxResults(PAGE).setToken(page);
                if (since != null) {
                    list.setStartTime(since.toEpochMilli());
                }
                return list.execute();
            }).orElseThrow();
            if (r.getVoidedPurchases() != null) {
                for (VoidedPurchase v : r.getVoidedPurchases()) {
                    out.add(new Voided(v.getOrderId(), v.getPurchaseToken(), v.getVoidedTimeMillis() == null ? null
                            : Instant.ofEpochMilli(v.getVoidedTimeMillis()), v.getVoidedSource(), v.getVoidedReason()));
                }
            }
            token = r.getTokenPagination() == null ? null : r.getTokenPagination().getNextPageToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** {@code purchases.products.get}; a purchase Google does not know has a null state. */
    ProductState product(String productId, String token) {
        return call("purchases.products.get", () -> publisher.purchases().products().get(packageName, productId, token).execute())
                .map((ProductPurchase p) -> new ProductState(token, p.getPurchaseState(), p.getOrderId()))
                .orElse(new ProductState(token, null, null));
    }

    /** {@code purchases.subscriptionsv2.get}; a subscription Google does not know has a null state. */
    SubscriptionState subscription(String token) {
        return call("purchases.subscriptionsv2.get", () -> publisher.purchases().subscriptionsv2().get(packageName, token).execute())
                .map((SubscriptionPurchaseV2 s) -> {
                    SubscriptionPurchaseLineItem item = s.getLineItems() == null || s.getLineItems().isEmpty() ? null
                            : s.getLineItems().get(0);
                    Instant expiry = item == null || item.getExpiryTime() == null ? null : Instant.parse(item.getExpiryTime());
                    return new SubscriptionState(token, s.getSubscriptionState(), expiry);
                })
                .orElse(new SubscriptionState(token, null, null));
    }

    private interface GoogleCall<T> {
        T run() throws IOException;
    }

    /** Empty when Google answers that the purchase does not exist (404, or 410 for one long gone). */
    private <T> Optional<T> call(String what, GoogleCall<T> call) {
        try {
            return Optional.of(call.run());
        } catch (GoogleJsonResponseException e) {
            String message = e.getDetails() != null ? e.getDetails().getMessage() : e.getStatusMessage();
            if ((e.getStatusCode() == 404 || e.getStatusCode() == 410) && !what.endsWith(".list")) {
                return Optional.empty();
            }
            if (e.getStatusCode() == 401 || e.getStatusCode() == 403) {
                throw OpsException.failure("Google Play at " + apiRoot + " refused the service account (" + e.getStatusCode()
                        + ": " + message + "): check --play-service-account-key-file (env PLAY_SERVICE_ACCOUNT_KEY_FILE); "
                        + "the account needs Play Console access to orders and subscriptions of " + packageName, e);
            }
            throw OpsException.failure("Google Play at " + apiRoot + " answered " + what + " for " + packageName + " with "
                    + e.getStatusCode() + ": " + message, e);
        } catch (IOException e) {
            // a token refused by the OAuth endpoint arrives here too, with Google's error in the message
            throw OpsException.failure("reading Google Play at " + apiRoot + " failed (" + what + "): " + e.getMessage()
                    + ": check --play-api-root (env PLAY_API_ROOT) and the service account key", e);
        }
    }
}
