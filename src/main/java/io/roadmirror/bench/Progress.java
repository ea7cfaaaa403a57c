package io.roadmirror.bench;

import java.io.PrintWriter;

/**
 * The live progress line: redrawn in place on a terminal; elsewhere (a log, a test) a line at most
 * every few seconds, so the output stays readable.
 */
final class Progress {
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private long lastPrinted;
    private int lastLength;

    Progress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    synchronized void update(String line) {
        long now = System.nanoTime();
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            out.flush();
        } else if (now - lastPrinted >= LOG_EVERY_NANOS) {
            out.println("  .. " + line);
            out.flush();
            lastPrinted = now;
        }
    }

    /** Ends the live line and prints a permanent one. */
    synchronized void println(String line) {
        if (terminal && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        out.println(line);
        out.flush();
        lastPrinted = 0;
    }
}
