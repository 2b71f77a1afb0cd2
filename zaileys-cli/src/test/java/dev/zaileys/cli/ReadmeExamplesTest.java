package dev.zaileys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's Java examples compile against the real API (they are compiled, not run: they name
 * servers this machine does not have), and its command-line examples run, after the demo, as a
 * user would type them, so the documentation cannot drift from the code.
 */
class ReadmeExamplesTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    /** What every example may use without declaring it. */
    private static final String PREAMBLE = """
            import dev.zaileys.binding.*;
            import dev.zaileys.client.*;
            import dev.zaileys.model.*;
            import dev.zaileys.sim.*;
            import dev.zaileys.store.*;
            import dev.zaileys.store.convex.*;
            import dev.zaileys.store.crypto.*;
            import dev.zaileys.store.file.*;
            import dev.zaileys.store.memory.*;
            import dev.zaileys.store.postgres.*;
            import dev.zaileys.store.redis.*;
            import dev.zaileys.store.sqlite.*;
            import java.nio.file.*;
            import java.time.*;
            import java.util.*;
            class Example%d {
                void run(org.slf4j.Logger log, javax.sql.DataSource dataSource,
                         io.lettuce.core.api.StatefulRedisConnection<String, String> connection) throws Exception {
            %s
                }
            }
            """;

    @TempDir
    Path out;

    @Test
    void everyJavaExampleOfTheReadmeCompiles() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        List<JavaFileObject> sources = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            String code = PREAMBLE.formatted(sources.size(), m.group(1));
            String name = "Example" + sources.size();
            sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            });
        }
        assertThat(sources).as("java examples in README.md").hasSizeGreaterThanOrEqualTo(2);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok = javac.getTask(null, null, diagnostics, List.of("-classpath", System.getProperty("java.class.path"),
                "-d", out.toString(), "-proc:none"), null, sources).call();
        List<String> errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
                .toList();
        assertThat(errors).as("compile errors in README examples").isEmpty();
        assertThat(ok).isTrue();
    }

    @TempDir
    Path work;

    /**
     * Runs {@code zaileys} as a separate process in {@link #work} (README's paths are relative), with
     * this test's classpath in place of the launcher's jar.
     */
    private Process zaileys(List<String> args, Path stdout) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
        pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        pb.redirectError(work.resolve("stderr.txt").toFile());
        return pb.start();
    }

    private int runToEnd(List<String> args, Path stdout) throws Exception {
        Process p = zaileys(args, stdout);
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("zaileys " + args + " did not finish in 5 minutes");
        }
        return p.exitValue();
    }

    /** Splits a command line as a POSIX shell does for these examples: words, '...' quotes, {@code > file}. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (word != null) {
                    out.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            out.add(word.toString());
        }
        return out;
    }

    @Test
    void everyCommandLineExampleOfTheReadmeRunsAfterTheDemo() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("\n    ./zaileys demo\n");
        int from = readme.indexOf("## Command line");
        String section = readme.substring(from, readme.indexOf("\n## ", from + 3));
        List<String> examples = section.lines().map(String::strip).filter(l -> l.startsWith("./zaileys ")).toList();
        assertThat(examples).as("command-line examples in README.md").hasSizeGreaterThanOrEqualTo(6);

        assertThat(runToEnd(List.of("demo"), null)).as(Files.readString(work.resolve("stderr.txt"))).isZero();

        String postgres = dev.zaileys.testing.TestPostgres.shared().createDatabase();
        String redis = dev.zaileys.testing.TestRedis.shared().url();
        for (String example : examples) {
            String line = example.replaceAll("\\s+#\\s.*$", "")
                    .replace("postgres://bot:secret@localhost:5432/wa", postgres)
                    .replace("redis://localhost:6379", redis);
            List<String> args = new ArrayList<>(words(line));
            args.remove(0);
            Path stdout = null;
            int redirect = args.indexOf(">");
            if (redirect >= 0) {
                stdout = work.resolve(args.get(redirect + 1));
                args.subList(redirect, redirect + 2).clear();
            }
            int code = runToEnd(args, stdout);
            assertThat(code).as("%s%n%s", example, Files.readString(work.resolve("stderr.txt"))).isZero();
        }
        // The examples act on what the demo stored, not on empty stores.
        assertThat(Files.readAllLines(work.resolve("history.jsonl"))).hasSizeGreaterThan(100);
        assertThat(runToEnd(List.of("inspect", "sqlite:./copy.db?session=copy"), work.resolve("copy.txt"))).isZero();
        assertThat(Files.readString(work.resolve("copy.txt"))).containsPattern("messages +[1-9]");
        assertThat(runToEnd(List.of("inspect", postgres), work.resolve("pg.txt"))).isZero();
        assertThat(Files.readString(work.resolve("pg.txt"))).containsPattern("creds +present");
    }
}
