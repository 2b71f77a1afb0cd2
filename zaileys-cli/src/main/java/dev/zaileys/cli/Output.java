package dev.zaileys.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;

/**
 * Turns a failed write to stdout or stderr into an error. A {@link PrintStream} swallows write
 * errors (a full disk, a closed pipe, {@code > /dev/full}), and a truncated export must never
 * exit 0 looking like a good backup.
 */
final class Output {

    private Output() {}

    /** Flushes {@code w} (which writes into {@code out}) and fails when anything was lost. */
    static void check(Writer w, PrintStream out, String name) {
        try {
            w.flush();
        } catch (IOException e) {
            throw new DataException("cannot write to " + name + ": " + e.getMessage(), e);
        }
        check(out, name);
    }

    /** Flushes {@code out} and fails when any write to it was lost. */
    static void check(PrintStream out, String name) {
        if (out.checkError()) {
            throw new DataException("cannot write to " + name + " (disk full or the reader went away): "
                    + "the output is incomplete");
        }
    }
}
