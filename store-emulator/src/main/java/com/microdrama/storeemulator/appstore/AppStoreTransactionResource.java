package com.microdrama.storeemulator.appstore;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Refunds as Apple's support grants them (REFUND) and takes them back (REFUND_REVERSED). */
@Path("/_emulator/app-store/transactions/{transactionId}")
@Produces(MediaType.APPLICATION_JSON)
public class AppStoreTransactionResource {

    private final Refunds refunds;
    private final AppStoreNotifications notifications;

    public AppStoreTransactionResource(Refunds refunds, AppStoreNotifications notifications) {
        this.refunds = refunds;
        this.notifications = notifications;
    }

    @POST
    @Path("refund")
    public AppStoreNotifications.NotificationAnswer refund(@PathParam("transactionId") String id,
                                                           @QueryParam("deliver") @DefaultValue("true") boolean deliver,
                                                           @QueryParam("signing") String signing) {
        Signing chain = Signing.of(signing);
        return notifications.send(refunds.refund(id), chain, deliver);
    }

    @POST
    @Path("refund-reversed")
    public AppStoreNotifications.NotificationAnswer refundReversed(@PathParam("transactionId") String id,
                                                                   @QueryParam("deliver") @DefaultValue("true") boolean deliver,
                                                                   @QueryParam("signing") String signing) {
        Signing chain = Signing.of(signing);
        return notifications.send(refunds.reverse(id), chain, deliver);
    }
}
