package com.microdrama.ops.replay;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Progress on stderr: a redrawn bar with ETA on a terminal, a plain line every few seconds otherwise (logs, CI), and
 * nothing when told so. stdout stays clean for the final report.
 */
public final class Progress {
    public enum Mode { AUTO, BAR, LINES, NONE }

    private final PrintWriter err;
    private final boolean bar;
    private final boolean silent;
    private final long total;
    private final String label;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos;

    public Progress(PrintWriter err, Mode mode, long total, String label) {
        this.err = err;
        this.total = total;
        this.label = label;
        Mode m = mode == Mode.AUTO ? (System.console() != null ? Mode.BAR : Mode.LINES) : mode;
        this.bar = m == Mode.BAR;
        this.silent = m == Mode.NONE;
    }

    public void update(long scanned, long sent) {
        long now = System.nanoTime();
        long interval = bar ? 200_000_000L : 5_000_000_000L;
        if (silent || now - lastPrintNanos < interval) {
            return;
        }
        lastPrintNanos = now;
        print(scanned, sent, false);
    }

    public void done(long scanned, long sent) {
        if (!silent) {
            print(scanned, sent, true);
        }
    }

    private void print(long scanned, long sent, boolean last) {
        double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 0.001);
        String text = format(label, scanned, total, sent, seconds);
        if (bar) {
            err.print("\r" + text + (last ? System.lineSeparator() : ""));
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** One progress line; pure, for tests. */
    static String format(String label, long scanned, long total, long sent, double seconds) {
        double rate = scanned / seconds;
        double fraction = total == 0 ? 1 : Math.min(1, (double) scanned / total);
        int width = 30;
        int filled = (int) Math.round(fraction * width);
        String eta = rate <= 0 || scanned >= total ? "0s" : humanDuration(Duration.ofSeconds((long) ((total - scanned) / rate)));
        return String.format("%s [%s%s] %3.0f%% %d/%d scanned, %d sent, %.0f rec/s, ETA %s", label,
                "#".repeat(filled), ".".repeat(width - filled), fraction * 100, scanned, total, sent, rate, eta);
    }

    static String humanDuration(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
