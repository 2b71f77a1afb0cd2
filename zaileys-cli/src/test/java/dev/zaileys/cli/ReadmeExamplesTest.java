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
 * servers this machine does not have), so the documentation cannot drift from the code.
 */
class ReadmeExamplesTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    /** What every example may use without declaring it. */
    private static final String PREAMBLE = """
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
}
