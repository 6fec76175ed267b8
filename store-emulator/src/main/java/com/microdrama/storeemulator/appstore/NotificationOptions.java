package com.microdrama.storeemulator.appstore;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * How a control call's notification goes out: {@code ?deliver=false} builds and signs it without sending (the caller
 * posts it), {@code ?signing=expired|untrusted} signs it with a chain Apple's verifier must refuse.
 */
public class NotificationOptions {

    @QueryParam("deliver")
    @DefaultValue("true")
    boolean deliver;

    @QueryParam("signing")
    String signing;

    public boolean deliver() {
        return deliver;
    }

    public Signing signing() {
        return Signing.of(signing);
    }
}
