package dev.zaileys.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.workload.Workload;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The bench's output, as a table or as JSON lines: the dataset line first, one line per
 * {@link BenchOp} as it is measured (so a long run shows progress), then the verdict. The formats
 * are what {@code zaileys bench} prints and what its tests and readers parse.
 */
final class BenchReport {

    private final PrintStream out;
    private final boolean json;
    private final boolean raw;

    BenchReport(PrintStream out, boolean json, boolean raw) {
        this.out = out;
        this.json = json;
        this.raw = raw;
    }

    /** The hashes of the data every procedure uses, so two runs can be seen to measure the same thing. */
    void dataset(String adapter, int n, List<? extends JsonNode> w1Docs, Workload.W2 w2, Workload.Auth authData) {
        String w1 = Workload.sha256Lines(w1Docs.iterator());
        String w2h = Workload.sha256Lines(w2.messages().iterator());
        String pre = Workload.sha256Entries(authData.preKeys());
        String ses = Workload.sha256Entries(authData.sessions());
        String creds = Workload.sha256Lines(List.of(authData.creds()).iterator());
        // A reduced run walks only the first n messages of the W2 chat too: say the counts it uses.
        int w2Walked = Math.min(n, w2.messages().size());
        String note = n < Workload.W1_MESSAGES
                ? "W1 uses the first " + n + " of " + Workload.W1_MESSAGES + " messages; W3 indices are taken modulo " + n
                        + (w2Walked < w2.messages().size() ? "; W2 walks the first " + w2Walked + " of "
                                + w2.messages().size() + " messages of its chat" : "")
                : null;
        if (json) {
            ObjectNode line = BufferJson.object();
            ObjectNode d = line.putObject("dataset");
            d.put("w1_sha256", w1);
            d.put("w2_sha256", w2h);
            d.put("auth_prekeys_sha256", pre);
            d.put("auth_sessions_sha256", ses);
            d.put("creds_sha256", creds);
            d.put("w1_messages", n);
            d.put("w2_messages", w2Walked);
            if (note != null) {
                d.put("note", note);
            }
            d.put("heap_pretouched", heapPretouched());
            out.println(BufferJson.encodeToString(line));
        } else {
            out.println("standard workload on " + adapter + ": W1 " + n + " messages (sha256 " + w1.substring(0, 12)
                    + "), W2 " + w2Walked + " messages (" + w2h.substring(0, 12) + "), auth ("
                    + pre.substring(0, 12) + " " + ses.substring(0, 12) + " " + creds.substring(0, 12) + ")");
            if (note != null) {
                out.println("note: " + note + " (not the standard size)");
            }
            if (!heapPretouched()) {
                out.println("note: the heap is not pre-touched (./zaileys bench runs java -Xms2g -Xmx2g -XX:+AlwaysPreTouch): "
                        + "first-touch page faults of fresh heap memory can slow timed calls several times (PERF.md)");
            }
            out.println(tableHeader(raw));
        }
        out.flush();
    }

    /**
     * Whether the JVM touched its heap at start. Without it, a G1 heap's fresh regions fault their
     * pages in as the timed calls allocate: a Redis page of 50 decoded messages took 0.6 ms of CPU
     * until the eden had been used once, 0.07 ms after (and again after a full GC gave memory back),
     * which a bot running for days pays once and the bench paid on every row.
     */
    static boolean heapPretouched() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch");
    }

    void op(BenchOp op) {
        if (json) {
            ObjectNode line = BufferJson.object();
            line.put("adapter", op.adapter());
            line.put("op", op.op());
            line.put("n", op.n());
            line.put("seconds", round(op.seconds(), 6));
            line.put("ops_per_s", round(op.opsPerSecond(), 1));
            if (op.p50() != null) {
                line.put("p50_us", round(op.p50(), 1));
                line.put("p99_us", round(op.p99(), 1));
            } else {
                line.putNull("p50_us");
                line.putNull("p99_us");
            }
            ObjectNode checks = line.putObject("checks");
            op.checks().forEach((k, v) -> checks.set(k, BufferJson.mapper().valueToTree(v)));
            line.put("ok", op.ok());
            if (op.ratio() != null) {
                line.put("ratio_to_raw", round(op.ratio(), 4));
            }
            if (op.note() != null) {
                line.put("note", op.note());
            }
            out.println(BufferJson.encodeToString(line));
        } else {
            out.println(tableRow(op, raw));
        }
        out.flush();
    }

    /** A remark for the table reader (a skipped procedure); JSON lines carry only data. */
    void remark(String text) {
        if (!json) {
            out.println(text);
        }
    }

    void verdict(List<String> failures) {
        remark(failures.isEmpty() ? "all checks passed"
                : failures.size() + " check(s) FAILED: " + String.join("; ", failures));
        out.flush();
    }

    static String tableHeader(boolean raw) {
        return String.format(Locale.ROOT, "%-9s %-21s %8s %9s %12s %10s %10s%s  %s", "adapter", "op", "n", "seconds",
                "ops/s", "p50 µs", "p99 µs", raw ? String.format(Locale.ROOT, "%7s", "ratio") : "", "check");
    }

    static String tableRow(BenchOp op, boolean raw) {
        StringBuilder check = new StringBuilder(op.ok() ? "ok" : "FAIL");
        op.checks().forEach((k, v) -> check.append(' ').append(k).append('=').append(v));
        if (op.note() != null) {
            check.append(" (").append(op.note()).append(')');
        }
        String ratio = raw ? String.format(Locale.ROOT, "%7s",
                op.ratio() == null ? "" : String.format(Locale.ROOT, "%.3f", op.ratio())) : "";
        return String.format(Locale.ROOT, "%-9s %-21s %8d %9.3f %,12.0f %10s %10s%s  %s", op.adapter(), op.op(),
                op.n(), op.seconds(), op.opsPerSecond(), micros(op.p50()), micros(op.p99()), ratio, check);
    }

    private static String micros(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
