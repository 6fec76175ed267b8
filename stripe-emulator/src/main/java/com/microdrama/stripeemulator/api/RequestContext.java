package com.microdrama.stripeemulator.api;

/** The API request being served on this thread: its {@code req_…} id and Idempotency-Key, for events' {@code request}. */
public record RequestContext(String requestId, String idempotencyKey) {

    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    public static RequestContext current() {
        return CURRENT.get();
    }

    static void set(RequestContext context) {
        if (context == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(context);
        }
    }
}
