package com.microdrama.payment.wallet;

import com.microdrama.payment.config.PaymentConfig;
import com.microdrama.outbox.Outbox;
import com.microdrama.support.metrics.AfterCommit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;

/**
 * Expires bonus lots whose time ran out (the time comes from the injected Clock), one user per transaction. Safe
 * with several instances: each takes the user's wallet with {@code FOR UPDATE SKIP LOCKED} and re-reads the lots
 * under that lock, so a lot expires once; the ledger's unique (reference, type) would refuse a second expiry anyway.
 * Spends do not wait for this job: taking the wallet lock expires the user's due lots first.
 */
@ApplicationScoped
public class BonusExpiryJob {
    private final WalletLedger ledger;
    private final Outbox outbox;
    private final Clock clock;
    private final int batchSize;

    public BonusExpiryJob(WalletLedger ledger, Outbox outbox, Clock clock,
                          PaymentConfig config) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.clock = clock;
        this.batchSize = config.bonusExpiry().batchSize();
    }

    // the defaults are PaymentConfig.BonusExpiry's
    @Scheduled(every = "${payment.bonus-expiry.interval}", delayed = "${payment.bonus-expiry.initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return expireDue()
                .onFailure().invoke(e -> Log.warnf("Bonus expiry pass failed: %s", e.toString()))
                .onFailure().recoverWithItem(0)
                .replaceWithVoid();
    }

    /** One pass over the users with due lots (soonest first, at most the batch size); answers how many lots expired. */
    public Uni<Integer> expireDue() {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                "select user_id from bonus_lot where expired_at is null and expires_at <= :now "
                                        + "group by user_id order by min(expires_at) limit :limit")
                        .setParameter("now", clock.instant())
                        .setParameter("limit", batchSize)
                        .getResultList()))
                .chain((List<?> users) -> Multi.createFrom().iterable(users)
                        .onItem().transformToUniAndConcatenate(user -> AfterCommit.counting(() -> Panache.withTransaction(
                                        () -> ledger.expireDueLotsIfFree(user.toString())))
                                .onFailure().recoverWithItem(e -> {
                                    Log.warnf("Could not expire the bonus of user %s: %s", user, e.toString());
                                    return 0;
                                }))
                        .collect().asList())
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum())
                .invoke(expired -> {
                    if (expired > 0) {
                        Log.infof("Expired %d bonus lots", expired);
                        outbox.afterCommit();
                    }
                });
    }
}
