package com.microdrama.storeemulator.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Moves subscriptions and transactions as time, the user and Apple's support would; each call answers the
 * notification Apple sends for the change. Subscriptions: {@code renew}, {@code fail-renewal}, {@code grace-expired},
 * {@code expire}, {@code auto-renew}, {@code revoke}; transactions: {@code refund}, {@code refund-reversed}.
 */
@Path("/_emulator/app-store")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AppStoreLifecycleResource {

    private final SubscriptionLifecycle lifecycle;
    private final Refunds refunds;
    private final AppStoreNotifications notifications;
    private final ObjectMapper json = new ObjectMapper();

    public AppStoreLifecycleResource(SubscriptionLifecycle lifecycle, Refunds refunds, AppStoreNotifications notifications) {
        this.lifecycle = lifecycle;
        this.refunds = refunds;
        this.notifications = notifications;
    }

    @POST
    @Path("subscriptions/{originalTransactionId}/{action}")
    public AppStoreNotifications.NotificationAnswer subscription(@PathParam("originalTransactionId") String id,
                                                                 @PathParam("action") String action, JsonNode body,
                                                                 @BeanParam NotificationOptions options) {
        Signing signing = options.signing();
        NotificationDraft draft = switch (action) {
            case "renew" -> lifecycle.renew(id);
            case "fail-renewal" -> lifecycle.failRenewal(id, read(body, SubscriptionLifecycle.FailRequest.class));
            case "grace-expired" -> lifecycle.graceExpired(id);
            case "expire" -> lifecycle.expire(id, read(body, SubscriptionLifecycle.ExpireRequest.class));
            case "auto-renew" -> lifecycle.autoRenew(id, read(body, SubscriptionLifecycle.AutoRenewRequest.class));
            case "revoke" -> lifecycle.revoke(id);
            default -> throw AppStoreErrors.notFound("no subscription action " + action);
        };
        return notifications.send(draft, signing, options.deliver());
    }

    @POST
    @Path("transactions/{transactionId}/{action}")
    public AppStoreNotifications.NotificationAnswer transaction(@PathParam("transactionId") String id,
                                                                @PathParam("action") String action,
                                                                @BeanParam NotificationOptions options) {
        Signing signing = options.signing();
        NotificationDraft draft = switch (action) {
            case "refund" -> refunds.refund(id);
            case "refund-reversed" -> refunds.reverse(id);
            default -> throw AppStoreErrors.notFound("no transaction action " + action);
        };
        return notifications.send(draft, signing, options.deliver());
    }

    private <T> T read(JsonNode body, Class<T> type) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        try {
            return json.treeToValue(body, type);
        } catch (Exception e) {
            throw AppStoreErrors.badRequest("cannot read the body as " + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
