package dev.zaileys.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SchemaVersioned;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreUriTest {

    @TempDir
    Path dir;

    @Test
    void everySchemeParses() {
        assertThat(StoreUri.parse("file:./auth").filePath()).contains(Path.of("./auth"));
        assertThat(StoreUri.parse("file:./auth").holdsMessages()).isFalse();
        StoreUri sqlite = StoreUri.parse("sqlite:./x.db?session=bot&readonly=true");
        assertThat(sqlite.sqliteDatabase()).contains("./x.db");
        assertThat(sqlite.session()).contains("bot");
        StoreUri pg = StoreUri.parse("postgres://bot:s3cret@db:5432/wa?session=s1&sslmode=disable");
        assertThat(pg.postgresConnectionString()).contains("postgres://bot:s3cret@db:5432/wa?sslmode=disable");
        assertThat(pg.onApplicationPool()).isFalse();
        assertThat(pg.toString()).doesNotContain("s3cret");
        assertThat(StoreUri.parse("redis://:pw@localhost:6379?namespace=wa").scheme()).isEqualTo("redis");
        assertThat(StoreUri.parse("convex:https://x.convex.cloud?namespace=wa").scheme()).isEqualTo("convex");
    }

    @Test
    void postgresWithoutAHostIsTheApplicationsPool() {
        StoreUri uri = StoreUri.parse("postgres:?session=bot");
        assertThat(uri.onApplicationPool()).isTrue();
        assertThat(uri.session()).contains("bot");
        assertThatThrownBy(uri::openMessageStore).isInstanceOf(ZaileysStoreException.class)
                .hasMessageContaining("DataSource");
        assertThatThrownBy(() -> StoreUri.parse("postgres:?sslmode=disable")).hasMessageContaining("belongs in that DataSource");
    }

    @Test
    void redisWithoutAHostIsTheApplicationsConnection() {
        StoreUri uri = StoreUri.parse("redis:?namespace=wa");
        assertThat(uri.onApplicationPool()).isTrue();
        assertThat(uri.redisNamespace()).contains("wa");
        assertThat(StoreUri.parse("redis:").redisNamespace()).isEmpty();
        assertThatThrownBy(uri::openAuthStore).hasMessageContaining("Redis connection");
        assertThatThrownBy(() -> StoreUri.parse("redis:?timeout=5")).hasMessageContaining("only namespace");
    }

    @Test
    void mistakesAreInvalidInputWithThePasswordMasked() {
        for (String bad : new String[] {"", "nope:x", "sqlite:", "sqlite:x.db?sesion=a", "memory:x", "file:",
                "postgres://u:hunter2@h/db?bogus=1", "redis://:hunter2@h?password=x2&foo=1"}) {
            assertThatThrownBy(() -> StoreUri.parse(bad)).as(bad).isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
                assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT);
                assertThat(e.getMessage()).doesNotContain("hunter2");
            });
        }
    }

    @Test
    void sqliteOpensAndReportsItsSchemaVersion() {
        StoreUri uri = StoreUri.parse("sqlite:" + dir.resolve("h.db"));
        try (MessageStore store = uri.openMessageStore()) {
            StoreStatus status = StoreProbe.probe(store);
            assertThat(status.reachable()).isTrue();
            assertThat(status.backend()).isEqualTo("sqlite");
            assertThat(status.schemaVersion().getAsInt()).isPositive()
                    .isEqualTo(((SchemaVersioned) store).schemaVersion());
        }
    }

    @Test
    void anUnreachableStoreIsAStatusNotAnException() {
        // a file in a folder that does not exist cannot be opened
        StoreUri uri = StoreUri.parse("sqlite:" + dir.resolve("missing/h.db"));
        try (MessageStore store = uri.openMessageStore()) {
            StoreStatus status = StoreProbe.probe(store);
            assertThat(status.reachable()).isFalse();
            assertThat(status.error()).isPresent();
        }
    }
}
