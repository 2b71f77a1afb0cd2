package dev.zaileys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library as a user's module sees it: code compiled against module {@code dev.zaileys} on the
 * module path reaches the exported API and nothing of the internals.
 */
class ModuleFenceTest {

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"dev.zaileys.model.WAMessage", "dev.zaileys.store.MessageStore",
            "dev.zaileys.store.sqlite.SqliteMessageStore", "dev.zaileys.store.postgres.PostgresAuthStore",
            "dev.zaileys.store.redis.RedisMessageStore", "dev.zaileys.store.convex.ConvexMessageStore",
            "dev.zaileys.store.file.FileAuthStore", "dev.zaileys.store.memory.MemoryMessageStore",
            "dev.zaileys.store.crypto.EncryptedAuthStore", "dev.zaileys.socket.WASocket",
            "dev.zaileys.binding.StoreBinding", "dev.zaileys.client.Client", "dev.zaileys.stores.StoreUri",
            "dev.zaileys.stores.StoreProbe"})
    void exportedTypesAreReachable(String type) {
        assertThat(compile(type)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev.zaileys.store.internal.AbstractMessageStore", "dev.zaileys.store.internal.jdbc.Migrations",
            "dev.zaileys.model.internal.ModelAccess"})
    void internalsAreNot(String type) {
        assertThat(compile(type)).anySatisfy(error -> assertThat(error).contains("is not visible"));
    }

    @Test
    void theModuleDescriptorIsTheOneInTheBuild() {
        assertThat(Files.isRegularFile(library().resolve("module-info.class"))).isTrue();
    }

    /** Compiles a user module that names {@code type}; returns the errors. */
    private List<String> compile(String type) {
        String user = "module user.app { requires dev.zaileys; }";
        String use = "package app; public class Use { Class<?> c = " + type + ".class; }";
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = new ArrayList<>(List.of("--release", "17", "-d", out.toString(), "--module-path", modulePath()));
        boolean ok = javac.getTask(null, null, diagnostics, options, null,
                List.of(source("module-info", user), source("app/Use", use))).call();
        List<String> errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(null)).toList();
        assertThat(ok).as("compiled without errors <=> none reported").isEqualTo(errors.isEmpty());
        return errors;
    }

    private static Path library() {
        return Path.of("target", "classes").toAbsolutePath();
    }

    /** The library's classes and the jars its descriptor requires (Jackson, SLF4J). */
    private static String modulePath() {
        List<String> path = new ArrayList<>(List.of(library().toString()));
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("jackson-") || e.contains("slf4j-api"))
                .forEach(path::add);
        return path.stream().collect(Collectors.joining(File.pathSeparator));
    }

    private static JavaFileObject source(String name, String code) {
        return new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }
}
