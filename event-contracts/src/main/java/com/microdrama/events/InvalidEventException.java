package com.microdrama.events;

/** An event that cannot be read: not JSON, not a CloudEvents envelope, or a payload that does not fit its type. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
