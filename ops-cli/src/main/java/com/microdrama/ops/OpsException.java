package com.microdrama.ops;

/** A failure the operator can act on: printed as one line (no stack trace) and mapped to a process exit code. */
public class OpsException extends RuntimeException {
    private final int exitCode;

    public OpsException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public OpsException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Bad options or input (bad range, unknown topic or partition): exit code 2, like picocli's usage errors. */
    public static OpsException usage(String message) {
        return new OpsException(ExitCodes.USAGE, message);
    }

    /** The platform failed us (broker unreachable, a send failed): exit code 1. */
    public static OpsException failure(String message, Throwable cause) {
        return new OpsException(ExitCodes.FAILURE, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
