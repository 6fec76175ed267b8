package com.microdrama.storeemulator.appstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.storeemulator.delivery.Deliveries;
import com.microdrama.storeemulator.delivery.DeliveryState;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Signs App Store Server Notifications V2 and POSTs them ({@code {"signedPayload": "<JWS>"}}) to the app's
 * notification URL: the first attempt before the control call answers, retries in the background.
 */
@ApplicationScoped
public class AppStoreNotifications {

    public record DeliverySummary(String status, int attempts, Integer lastStatusCode, String lastError) {
    }

    /** What the control surface answers for a notification, and lists. */
    public record NotificationAnswer(String notificationUUID, String notificationType, String subtype, String bundleId,
                                     long signedDate, String signedPayload, String transactionId, DeliverySummary delivery) {
    }

    private record Sent(String notificationUUID, String notificationType, String subtype, String bundleId, long signedDate,
                        String signedPayload, String transactionId) {
    }

    private final JwsSigner signer;
    private final SignedDates dates;
    private final Deliveries deliveries;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    public AppStoreNotifications(JwsSigner signer, SignedDates dates, Deliveries deliveries) {
        this.signer = signer;
        this.dates = dates;
        this.deliveries = deliveries;
    }

    NotificationAnswer send(NotificationDraft draft, Signing signing, boolean deliver) {
        App app = draft.app();
        String signedTransaction = draft.transaction() == null ? null
                : signer.sign(draft.transaction().signedAt(dates.next()), signing);
        String signedRenewal = draft.renewalInfo() == null ? null
                : signer.sign(draft.renewalInfo().signedAt(dates.next()), signing);
        boolean test = "TEST".equals(draft.type());
        NotificationPayload.Data data = new NotificationPayload.Data(app.appAppleId(), app.bundleId(), test ? null : "1",
                app.environment(), signedTransaction, signedRenewal, draft.status());
        String uuid = UUID.randomUUID().toString();
        long signedDate = dates.next();
        String signedPayload = signer.sign(new NotificationPayload(draft.type(), draft.subtype(), uuid, data, "2.0", signedDate),
                signing);
        Sent notification = new Sent(uuid, draft.type(), draft.subtype(), app.bundleId(), signedDate, signedPayload,
                draft.transaction() == null ? null : draft.transaction().transactionId());
        sent.add(notification);
        DeliveryState delivery = deliver && app.notificationUrl() != null
                ? deliveries.deliverNow(uuid, app.notificationUrl(), body(signedPayload), Map.of())
                : deliveries.notSent(uuid);
        return answer(notification, delivery);
    }

    List<NotificationAnswer> list(String bundleId) {
        return sent.stream()
                .filter(n -> bundleId == null || bundleId.equals(n.bundleId()))
                .sorted(Comparator.comparingLong(Sent::signedDate))
                .map(n -> answer(n, deliveries.state(n.notificationUUID()).orElse(DeliveryState.notSent(n.notificationUUID()))))
                .toList();
    }

    private String body(String signedPayload) {
        try {
            return json.writeValueAsString(Map.of("signedPayload", signedPayload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NotificationAnswer answer(Sent n, DeliveryState delivery) {
        return new NotificationAnswer(n.notificationUUID(), n.notificationType(), n.subtype(), n.bundleId(), n.signedDate(),
                n.signedPayload(), n.transactionId(),
                new DeliverySummary(delivery.status(), delivery.attempts(), delivery.lastStatusCode(), delivery.lastError()));
    }
}
