package com.microdrama.events.payload;

/** An amount as a decimal string ("4.99") and an ISO 4217 currency code, as in the public API. */
public record Money(String amount, String currency) {
}
