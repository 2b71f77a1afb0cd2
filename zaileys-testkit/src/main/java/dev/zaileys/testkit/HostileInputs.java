package dev.zaileys.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The hostile-input table ({@code hostile-inputs.txt} beside this class): one case per line, so
 * a new case is one line and every adapter runs it. See the file's header for the format.
 */
final class HostileInputs {

    private static final String RESOURCE = "hostile-inputs.txt";

    /** One line of the table. */
    record Case(int line, String kind, boolean ok, String payload) {
        @Override
        public String toString() {
            return "line " + line + ": " + kind + " " + (ok ? "ok" : "invalid") + " " + visible(payload);
        }
    }

    private static final List<Case> CASES = load();

    private HostileInputs() {}

    static Stream<Arguments> ids(boolean ok) {
        return of("id", ok);
    }

    static Stream<Arguments> values(boolean ok) {
        return of("value", ok);
    }

    static List<Case> all() {
        return CASES;
    }

    private static Stream<Arguments> of(String kind, boolean ok) {
        return CASES.stream().filter(c -> c.kind().equals(kind) && c.ok() == ok).map(Arguments::of);
    }

    private static List<Case> load() {
        List<Case> out = new ArrayList<>();
        try (InputStream in = HostileInputs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the test kit");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String text;
            int n = 0;
            while ((text = r.readLine()) != null) {
                n++;
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                String[] f = text.split(" ", 3);
                if (f.length != 3 || !(f[0].equals("id") || f[0].equals("value"))
                        || !(f[1].equals("ok") || f[1].equals("invalid"))) {
                    throw new IllegalStateException(RESOURCE + " line " + n + " is not '<id|value> <ok|invalid> <payload>'");
                }
                out.add(new Case(n, f[0], f[1].equals("ok"), f[0].equals("id") ? unescape(f[2]) : f[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                b.append('\\');
                i++;
            } else if (c == '\\' && i + 5 < s.length() && s.charAt(i + 1) == 'u') {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The payload with everything outside printable ASCII escaped, for test names and messages. */
    private static String visible(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return b.toString();
    }
}
