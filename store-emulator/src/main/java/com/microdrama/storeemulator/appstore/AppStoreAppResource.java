package com.microdrama.storeemulator.appstore;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * App Store Connect (apps, products) and StoreKit (purchases) as the control surface gives them: tests and scripts
 * register what they sell, then buy it as the app would.
 */
@Path("/_emulator/app-store/apps/{bundleId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AppStoreAppResource {

    /** What the app gets from StoreKit 2 after a purchase, and the notification Apple sent about it. */
    public record PurchaseAnswer(String transactionId, String originalTransactionId, String signedTransaction,
                                 String signedRenewalInfo, AppStoreNotifications.NotificationAnswer notification) {
    }

    private final AppStoreCatalog catalog;
    private final Purchases purchases;
    private final AppStoreNotifications notifications;
    private final JwsSigner signer;
    private final SignedDates dates;

    public AppStoreAppResource(AppStoreCatalog catalog, Purchases purchases, AppStoreNotifications notifications,
                               JwsSigner signer, SignedDates dates) {
        this.catalog = catalog;
        this.purchases = purchases;
        this.notifications = notifications;
        this.signer = signer;
        this.dates = dates;
    }

    @PUT
    public App putApp(@PathParam("bundleId") String bundleId, AppStoreCatalog.AppRequest request) {
        return catalog.putApp(bundleId, request);
    }

    @GET
    public App app(@PathParam("bundleId") String bundleId) {
        return catalog.app(bundleId);
    }

    @PUT
    @Path("products/{productId}")
    public Product putProduct(@PathParam("bundleId") String bundleId, @PathParam("productId") String productId,
                              AppStoreCatalog.ProductRequest request) {
        return catalog.putProduct(bundleId, productId, request);
    }

    @GET
    @Path("products")
    public List<Product> products(@PathParam("bundleId") String bundleId) {
        return catalog.products(bundleId);
    }

    @POST
    @Path("purchases")
    public PurchaseAnswer purchase(@PathParam("bundleId") String bundleId, Purchases.PurchaseRequest request,
                                   @BeanParam NotificationOptions options) {
        Signing chain = options.signing();
        Purchases.Purchase purchase = purchases.purchase(bundleId, request);
        String signedTransaction = signer.sign(purchase.transaction().signedAt(dates.next()), chain);
        String signedRenewalInfo = purchase.renewalInfo() == null ? null
                : signer.sign(purchase.renewalInfo().signedAt(dates.next()), chain);
        return new PurchaseAnswer(purchase.transaction().transactionId(), purchase.transaction().originalTransactionId(),
                signedTransaction, signedRenewalInfo, notifications.send(purchase.notification(), chain, options.deliver()));
    }

    @POST
    @Path("test-notification")
    public AppStoreNotifications.NotificationAnswer testNotification(@PathParam("bundleId") String bundleId,
                                                                     @BeanParam NotificationOptions options) {
        return notifications.send(new NotificationDraft(catalog.app(bundleId), "TEST", null, null, null, null),
                options.signing(), options.deliver());
    }
}
