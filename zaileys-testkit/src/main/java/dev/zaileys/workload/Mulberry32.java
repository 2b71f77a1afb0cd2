package dev.zaileys.workload;

/**
 * The workload's PRNG (mulberry32) and the draw helpers of WORKLOAD.md. Every helper consumes
 * draws in the documented order: changing one changes every byte after it.
 */
final class Mulberry32 {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private int a;

    Mulberry32(long seed) {
        this.a = (int) seed;
    }

    /** One draw in [0, 1). */
    double draw() {
        a += 0x6D2B79F5;
        int t = (a ^ (a >>> 15)) * (1 | a);
        t = (t + (t ^ (t >>> 7)) * (61 | t)) ^ t;
        return ((t ^ (t >>> 14)) & 0xFFFFFFFFL) / 4294967296.0;
    }

    int nextInt(int n) {
        return (int) Math.floor(draw() * n);
    }

    <T> T pick(T[] array) {
        return array[nextInt(array.length)];
    }

    <T> T pick(java.util.List<T> list) {
        return list.get(nextInt(list.size()));
    }

    String hex(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = HEX[nextInt(16)];
        }
        return new String(c);
    }

    String digits(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) ('0' + nextInt(10));
        }
        return new String(c);
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) nextInt(256);
        }
        return b;
    }

    String text(int min, int max) {
        int length = min + nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(length + 16);
        while (sb.length() < length) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(pick(Workload.WORDS));
        }
        sb.setLength(length);
        return sb.toString();
    }
}
