package dev.zaileys.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.memory.MemoryMessageStore;
import dev.zaileys.store.postgres.PostgresAuthStore;
import dev.zaileys.store.postgres.PostgresMessageStore;
import dev.zaileys.store.redis.RedisAuthStore;
import dev.zaileys.store.redis.RedisMessageStore;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import dev.zaileys.store.sqlite.SqliteMessageStore;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The drivers are optional dependencies: in a JVM without any of them every class still loads,
 * the driver-free stores work, and each database store says STORE_NOT_AVAILABLE at first use.
 */
class WithoutDriversTest {

    private static final List<String> DRIVERS = List.of("sqlite-jdbc", "postgresql", "HikariCP", "lettuce", "netty", "reactor");

    @Test
    void everyDatabaseStoreIsStoreNotAvailableAtFirstUse() throws Exception {
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> DRIVERS.stream().noneMatch(e::contains))
                .collect(Collectors.joining(File.pathSeparator));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", cp, Main.class.getName()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("no drivers", "memory ok")
                .contains("sqlite-auth STORE_NOT_AVAILABLE", "sqlite-messages STORE_NOT_AVAILABLE")
                .contains("postgres-auth STORE_NOT_AVAILABLE", "postgres-messages STORE_NOT_AVAILABLE")
                .contains("redis-auth STORE_NOT_AVAILABLE", "redis-messages STORE_NOT_AVAILABLE");
    }

    /** Runs in the JVM without drivers; prints one line per store. */
    public static final class Main {
        public static void main(String[] args) {
            for (String driver : List.of("org.sqlite.JDBC", "org.postgresql.Driver", "com.zaxxer.hikari.HikariDataSource",
                    "io.lettuce.core.RedisClient")) {
                try {
                    Class.forName(driver);
                    System.out.println(driver + " is on the classpath");
                    System.exit(1);
                } catch (ClassNotFoundException expected) {
                    // what this JVM is for
                }
            }
            System.out.println("no drivers");
            try (MemoryMessageStore m = new MemoryMessageStore()) {
                m.listChats();
                System.out.println("memory ok");
            }
            Map<String, Supplier<Object>> firstUse = new LinkedHashMap<>();
            firstUse.put("sqlite-auth", () -> SqliteAuthStore.builder().database(":memory:").build().readCreds());
            firstUse.put("sqlite-messages", () -> SqliteMessageStore.builder().database(":memory:").build().listChats());
            firstUse.put("postgres-auth", () -> PostgresAuthStore.builder()
                    .connectionString("postgres://u:p@127.0.0.1:1/db").build().readCreds());
            firstUse.put("postgres-messages", () -> PostgresMessageStore.builder()
                    .connectionString("postgres://u:p@127.0.0.1:1/db").build().listChats());
            firstUse.put("redis-auth", () -> RedisAuthStore.builder().url("redis://127.0.0.1:1").build().readCreds());
            firstUse.put("redis-messages", () -> RedisMessageStore.builder().url("redis://127.0.0.1:1").build().listChats());
            firstUse.forEach((name, call) -> {
                try {
                    call.get();
                    System.out.println(name + " worked?");
                } catch (ZaileysStoreException e) {
                    System.out.println(name + " " + e.code());
                } catch (Throwable t) {
                    System.out.println(name + " threw " + t);
                }
            });
        }
    }
}
