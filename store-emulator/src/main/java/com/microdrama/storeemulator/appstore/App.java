package com.microdrama.storeemulator.appstore;

/** An app as App Store Connect knows it, with the URL its App Store Server Notifications V2 go to (may be null). */
public record App(String bundleId, long appAppleId, String environment, String notificationUrl) {
}
