package com.microdrama.storeemulator.appstore;

/**
 * What a change makes Apple notify, before signing: the type and subtype, and the transaction, renewal info and
 * status the notification's data carries (null when it carries none: a TEST, a one-time purchase's status).
 */
record NotificationDraft(App app, String type, String subtype, TransactionPayload transaction, RenewalInfoPayload renewalInfo,
                         Integer status) {
}
