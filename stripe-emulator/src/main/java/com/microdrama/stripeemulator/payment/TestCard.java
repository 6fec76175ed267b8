package com.microdrama.stripeemulator.payment;

import java.util.Arrays;
import java.util.Optional;

/**
 * Stripe's test cards, by test PaymentMethod name ({@code pm_card_visa}) and card number, with what a charge on
 * them does (https://docs.stripe.com/testing).
 */
public enum TestCard {
    VISA("pm_card_visa", "4242424242424242", "visa", null),
    MASTERCARD("pm_card_mastercard", "5555555555554444", "mastercard", null),
    DECLINED("pm_card_chargeDeclined", "4000000000000002", "visa", "generic_decline"),
    INSUFFICIENT_FUNDS("pm_card_chargeDeclinedInsufficientFunds", "4000000000009995", "visa", "insufficient_funds"),
    /** Attaches to a customer fine; every charge declines: a renewal that fails. */
    CUSTOMER_CHARGE_FAILS("pm_card_chargeCustomerFail", "4000000000000341", "visa", "generic_decline"),
    AUTHENTICATION_REQUIRED("pm_card_authenticationRequired", "4000002760003184", "visa", null),
    AUTHENTICATION_REQUIRED_3220("pm_card_threeDSecure2Required", "4000000000003220", "visa", null),
    DISPUTE("pm_card_createDispute", "4000000000000259", "visa", null),
    REFUND_FAILS("pm_card_refundFail", "4000000000005126", "visa", null);

    public final String token;
    public final String number;
    public final String brand;
    /** Set when every charge declines with this decline code. */
    public final String declineCode;

    TestCard(String token, String number, String brand, String declineCode) {
        this.token = token;
        this.number = number;
        this.brand = brand;
        this.declineCode = declineCode;
    }

    public String last4() {
        return number.substring(number.length() - 4);
    }

    public boolean needsAuthentication() {
        return this == AUTHENTICATION_REQUIRED || this == AUTHENTICATION_REQUIRED_3220;
    }

    public static Optional<TestCard> byToken(String token) {
        return Arrays.stream(values()).filter(c -> c.token.equals(token)).findFirst();
    }

    public static Optional<TestCard> byNumber(String number) {
        String digits = number == null ? "" : number.replaceAll("\\D", "");
        if (digits.isEmpty()) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(c -> c.number.equals(digits)).findFirst()
                .or(() -> Optional.of(digits.startsWith("5") ? MASTERCARD : VISA));
    }
}
