package com.microdrama.payment.refund;

import com.microdrama.events.payload.Money;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.problem.Problems;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * How much of a coin-pack payment a refund returns and how many coins it takes back. Money is counted in minor units
 * (cents: every pack price has two decimals).
 *
 * <p>The coin rule works on the running total, so several partial refunds never claw back more than one refund of
 * the same sum would: after refunds of R out of a price P, {@code ceil(coins × R / P)} paid coins and
 * {@code ceil(bonusCoins × R / P)} bonus coins have been taken back in all. Rounding up means the user never keeps a
 * coin that was paid back; refunds adding up to P take back exactly the pack's coins. Paid coins are taken in full
 * (even into debt); bonus coins only as far as the pack's bonus lot still holds them (bonus already spent or expired
 * is not owed back), as for a whole refund.
 */
public final class PackRefunds {

    /** What a refund asks for. */
    public sealed interface Ask {
    }

    /** Whatever has not been refunded yet (a whole refund, or the rest after partial ones). */
    public record Rest() implements Ask {
    }

    /** Exactly this much more (the admin endpoint's {@code amount}). */
    public record Exact(long cents) implements Ask {
    }

    /** Bring the refunded total up to this much (a provider's cumulative {@code amount_refunded}). */
    public record UpTo(long totalCents) implements Ask {
    }

    /**
     * @param cents             money this refund returns
     * @param refundedAfterCents money refunded for the purchase in all, this refund included
     * @param paidCoins          paid coins to take back now
     * @param bonusCoins         bonus coins to take back now (at most what the pack's lot still holds)
     * @param partial            the purchase is not refunded in full after this refund
     */
    public record Plan(long cents, long refundedAfterCents, long paidCoins, long bonusCoins, boolean partial) {
    }

    private PackRefunds() {
    }

    /**
     * @throws ProblemException 409 {@code already-refunded} when nothing is left to refund (or a provider total is
     *                          already applied), 422 {@code refund-exceeds-payment} when an exact amount is more than
     *                          what is left, 400 {@code validation-failed} for an amount that is not positive
     */
    public static Plan plan(long priceCents, long refundedCents, int coins, int bonusCoins, Ask ask, String currency) {
        if (priceCents <= 0 || refundedCents < 0 || refundedCents > priceCents) {
            throw new IllegalArgumentException("refunded " + refundedCents + " of a price of " + priceCents);
        }
        long left = priceCents - refundedCents;
        long cents;
        if (ask instanceof Exact exact) {
            if (exact.cents() <= 0) {
                throw new ProblemException(Problems.invalidField("amount", "must be more than 0"));
            }
            cents = exact.cents();
        } else if (ask instanceof UpTo upTo) {
            cents = Math.min(upTo.totalCents(), priceCents) - refundedCents;
        } else {
            cents = left;
        }
        if (left == 0 || cents <= 0) {
            throw new ProblemException(409, "already-refunded", "Already refunded",
                    left == 0 ? "The purchase was already refunded in full"
                            : "The purchase was already refunded up to " + format(refundedCents) + " " + currency,
                    Map.of("refundedAmount", money(refundedCents, currency)));
        }
        if (cents > left) {
            throw new ProblemException(422, "refund-exceeds-payment", "Refund exceeds payment",
                    "Only " + format(left) + " " + currency + " of " + format(priceCents) + " " + currency
                            + " can still be refunded; asked for " + format(cents) + " " + currency,
                    Map.of("refundableAmount", money(left, currency), "refundedAmount", money(refundedCents, currency)));
        }
        long after = refundedCents + cents;
        long paid = share(coins, after, priceCents) - share(coins, refundedCents, priceCents);
        long bonus = share(bonusCoins, after, priceCents) - share(bonusCoins, refundedCents, priceCents);
        return new Plan(cents, after, paid, bonus, after < priceCents);
    }

    /**
     * The purchase's refunded total once a refund of {@code reversedCents} is undone (a dispute won, a refund whose
     * money failed at the provider, decision 0019). A reversal can only give back what a refund took: undoing more
     * than is refunded means the books are wrong, and nothing is changed.
     */
    public static long afterReversal(long refundedCents, long reversedCents) {
        if (reversedCents < 0 || reversedCents > refundedCents) {
            throw new IllegalStateException("cannot reverse " + reversedCents + " of " + refundedCents + " refunded");
        }
        return refundedCents - reversedCents;
    }

    /** {@code ceil(coins × refunded / price)}: the coins owed back once {@code refunded} of {@code price} was paid back. */
    static long share(long coins, long refundedCents, long priceCents) {
        return Math.floorDiv(Math.multiplyExact(coins, refundedCents) + priceCents - 1, priceCents);
    }

    public static long cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY).movePointRight(2).longValueExact();
    }

    public static BigDecimal amount(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    public static Money money(long cents, String currency) {
        return new Money(format(cents), currency);
    }

    private static String format(long cents) {
        return amount(cents).toPlainString();
    }
}
