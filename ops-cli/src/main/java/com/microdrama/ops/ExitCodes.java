package com.microdrama.ops;

/** Process exit codes; scripts and alerting depend on them, so they never change meaning. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** reconcile found mismatches (after --repair and --wait: mismatches remain), or reconcile-provider differences. */
    public static final int MISMATCHES = 3;

    private ExitCodes() {
    }
}
