package dev.zaileys.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.store.ZaileysStoreException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Lettuce is optional: without it the classes load and the stores say STORE_NOT_AVAILABLE at first use. */
class RedisWithoutLettuceTest {

    @Test
    void missingLettuceIsStoreNotAvailableAtFirstUse() throws Exception {
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("lettuce") && !e.contains("netty") && !e.contains("reactor"))
                .collect(Collectors.joining(File.pathSeparator));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", cp, Main.class.getName())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("no lettuce", "auth STORE_NOT_AVAILABLE", "messages STORE_NOT_AVAILABLE");
    }

    /** Runs in a JVM without Lettuce. */
    public static final class Main {
        public static void main(String[] args) {
            try {
                Class.forName("io.lettuce.core.RedisClient");
                System.out.println("lettuce is on the classpath");
                System.exit(1);
            } catch (ClassNotFoundException e) {
                System.out.println("no lettuce");
            }
            RedisOptions options = RedisOptions.url("redis://127.0.0.1:1?namespace=x");
            for (String which : List.of("auth", "messages")) {
                try {
                    if (which.equals("auth")) {
                        new RedisAuthStore(options);
                    } else {
                        new RedisMessageStore(options);
                    }
                    System.out.println(which + " opened?");
                } catch (ZaileysStoreException e) {
                    System.out.println(which + " " + e.code());
                }
            }
        }
    }
}
