package dev.zaileys.cli;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar redrawn in place on a terminal (at most ten times a second). The static
 * helpers take a null bar (progress off) so commands need no checks of their own.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    /** Set by the {@code zaileys} launcher: whether stderr is a terminal, which Java cannot tell by itself. */
    static final String STDERR_TTY_PROPERTY = "zaileys.stderr.tty";

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

    /**
     * A bar, or null when progress is off: {@code wanted} when given, otherwise on when stderr is a
     * terminal. {@code total} is only computed when the bar is shown (counting can mean reading a
     * whole store).
     */
    static ProgressBar start(Boolean wanted, PrintStream err, String label, LongSupplier total) {
        boolean on = wanted != null ? wanted : stderrIsTerminal();
        return on ? new ProgressBar(err, label, total.getAsLong()) : null;
    }

    static boolean stderrIsTerminal() {
        String told = System.getProperty(STDERR_TTY_PROPERTY);
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    static void step(ProgressBar bar) {
        if (bar != null) {
            bar.step();
        }
    }

    static void finish(ProgressBar bar) {
        if (bar != null) {
            bar.finish();
        }
    }

    /** Prints a whole line on stderr: below the bar, which is then redrawn, never inside it. */
    static void println(ProgressBar bar, PrintStream err, String line) {
        if (bar == null) {
            err.println(line);
            return;
        }
        err.print("\r" + " ".repeat(bar.width()) + "\r");
        err.println(line);
        bar.draw();
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

    private int width() {
        return label.length() + WIDTH + 8 + 2 * String.valueOf(total).length() + 2;
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
