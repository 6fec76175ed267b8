package com.microdrama.storeemulator.appstore;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Numeric ids like Apple's transaction ids: the start time in ms times 1000 plus a counter, so that a restarted
 * emulator never hands out an id the previous one did (payment-service keeps them across restarts).
 */
@ApplicationScoped
public class AppStoreIds {

    private final AtomicLong next = new AtomicLong(System.currentTimeMillis() * 1000);

    public String next() {
        return Long.toString(next.incrementAndGet());
    }
}
