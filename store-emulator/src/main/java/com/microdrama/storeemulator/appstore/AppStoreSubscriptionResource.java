package com.microdrama.storeemulator.appstore;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Moves a subscription as time and the user would (renewals, billing failures, expiry, auto-renew, revocation); each
 * answers the notification Apple sends. {@code ?deliver=false} only builds and signs it, {@code ?signing=} forges it.
 */
@Path("/_emulator/app-store/subscriptions/{originalTransactionId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AppStoreSubscriptionResource {

    private final SubscriptionLifecycle lifecycle;
    private final AppStoreNotifications notifications;

    public AppStoreSubscriptionResource(SubscriptionLifecycle lifecycle, AppStoreNotifications notifications) {
        this.lifecycle = lifecycle;
        this.notifications = notifications;
    }

    @POST
    @Path("renew")
    public AppStoreNotifications.NotificationAnswer renew(@PathParam("originalTransactionId") String id,
                                                          @QueryParam("deliver") @DefaultValue("true") boolean deliver,
                                                          @QueryParam("signing") String signing) {
        Signing chain = Signing.of(signing);
        return notifications.send(lifecycle.renew(id), chain, deliver);
    }

    @POST
    @Path("fail-renewal")
    public AppStoreNotifications.NotificationAnswer failRenewal(@PathParam("originalTransactionId") String id,
                                                                SubscriptionLifecycle.FailRequest request,
                                                                @QueryParam("deliver") @DefaultValue("true") boolean deliver,
                                                                @QueryParam("signing") String signing) {
        Signing chain = Signing.of(signing);
        return notifications.send(lifecycle.failRenewal(id, request), chain, deliver);
    }

    @POST
    @Path("grace-expired")
    public AppStoreNotifications.NotificationAnswer graceExpired(@PathParam("originalTransactionId") String id,
                                                                 @QueryParam("deliver") @DefaultValue("true") boolean deliver,
                                                                 @QueryParam("signing") String signing) {
        Signing chain = Signing.of(signing);
        return notifications.send(lifecycle.graceExpired(id), chain, deliver);
    }

    @POST
    @Path("expire")
    public AppStoreNotifications.NotificationAnswer expire(@PathParam("originalTransactionId") String id,
                                                           SubscriptionLifecycle.ExpireRequest request,
                                                           @QueryParam("deliver") @DefaultValue("true") boolean deliver,
                                                           @QueryParam("signing") String signing) {
        Signing chain = Signing.of(signing);
        return notifications.send(lifecycle.expire(id, request), chain, deliver);
    }

    @POST
    @Path("auto-renew")
    public AppStoreNotifications.NotificationAnswer autoRenew(@PathParam("originalTransactionId") String id,
                                                              SubscriptionLifecycle.AutoRenewRequest request,
                                                              @QueryParam("deliver") @DefaultValue("true") boolean deliver,
                                                              @QueryParam("signing") String signing) {
        Signing chain = Signing.of(signing);
        return notifications.send(lifecycle.autoRenew(id, request), chain, deliver);
    }

    @POST
    @Path("revoke")
    public AppStoreNotifications.NotificationAnswer revoke(@PathParam("originalTransactionId") String id,
                                                           @QueryParam("deliver") @DefaultValue("true") boolean deliver,
                                                           @QueryParam("signing") String signing) {
        Signing chain = Signing.of(signing);
        return notifications.send(lifecycle.revoke(id), chain, deliver);
    }
}
