package dev.zaileys.bench;

import java.util.Map;

/**
 * One reported line of the standard bench.
 *
 * @param p50 median latency per call in microseconds, null when not measured per call
 * @param p99 99th percentile latency per call in microseconds, null when not measured per call
 * @param checks what was verified after the measured calls, in report order
 * @param ratio throughput relative to the raw driver baseline, null without one
 */
record BenchOp(String adapter, String op, long n, double seconds, Double p50, Double p99,
               Map<String, Object> checks, boolean ok, Double ratio, String note) {

    double opsPerSecond() {
        return seconds > 0 ? n / seconds : 0;
    }
}
