package com.microdrama.storeemulator.appstore;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/** Apple's signedDate: now in ms, strictly increasing per emulator so that clients can order what it signed. */
@ApplicationScoped
public class SignedDates {

    private final AtomicLong last = new AtomicLong();

    public long next() {
        return last.updateAndGet(previous -> Math.max(previous + 1, System.currentTimeMillis()));
    }
}
