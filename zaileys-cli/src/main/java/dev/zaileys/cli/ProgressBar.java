package dev.zaileys.cli;

import java.io.PrintStream;

/** A one-line progress bar redrawn in place on a terminal (at most ten times a second). */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final String label;
    private final long total;
    private long done;
    private long lastDraw;

    ProgressBar(PrintStream err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = Math.max(total, 0);
        draw();
    }

    void step() {
        done++;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            draw();
        }
    }

    void finish() {
        draw();
        err.println();
        err.flush();
    }

    private void draw() {
        lastDraw = System.nanoTime();
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + String.format("%3d%%", (int) Math.floor(fraction * 100)) + " " + done + "/" + total);
        err.flush();
    }
}
