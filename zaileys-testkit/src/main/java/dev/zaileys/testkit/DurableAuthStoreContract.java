package dev.zaileys.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Ids;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.SignalTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The auth contract plus what a store that outlives its instance promises: another instance on the
 * same backend sees the data, and a damaged record is STORE_CORRUPTED, never "not found". Every
 * persistent adapter's test extends this; the memory stores stop at {@link AuthStoreContract}.
 */
public abstract class DurableAuthStoreContract<S extends AuthStoreBundle> extends AuthStoreContract<S> {

    /** A new instance on the same backend and scope as {@code store}, which stays open. */
    @Override
    protected abstract S reopen(S store);

    /**
     * Damages the stored record of {@code (type, id)} (type {@code null}: the creds) so it no longer
     * decodes; true when it did.
     */
    protected abstract boolean corrupt(S store, String type, String id);

    @Nested
    @DisplayName("A9: durability")
    class Durability {

        @Test
        @DisplayName("A9.1 what one instance wrote, a new instance reads")
        void reopened() {
            store.writeCreds(Fixtures.creds());
            writeFixtureSignal(store);
            Map<String, Object> written = snapshot(store);
            S other = track(reopen(store));
            assertThat(snapshot(other)).isEqualTo(written);
            other.write(set("pre-key", "77", keyPair(77)));
            assertThat(store.read("pre-key", List.of("77"))).hasSize(1);
        }

        @Test
        @DisplayName("A9.2 clear on one instance is seen by another")
        void clearSeen() {
            store.writeCreds(Fixtures.creds());
            S other = track(reopen(store));
            other.clear();
            assertThat(store.readCreds()).isEmpty();
        }

        @Test
        @DisplayName("A9.3 a damaged record is STORE_CORRUPTED naming it, never empty")
        void corrupted() {
            store.writeCreds(Fixtures.creds());
            store.write(set("session", "6281234500001.0", bytes(64, 1)));
            assertThat(corrupt(store, "session", "6281234500001.0")).as("the test damaged the stored record").isTrue();
            assertThatThrownBy(() -> store.read("session", List.of("6281234500001.0")))
                    .isInstanceOfSatisfying(ZaileysStoreException.class,
                            e -> assertThat(e.code()).isEqualTo(Code.STORE_CORRUPTED))
                    .hasMessageContaining("6281234500001.0");
            assertThat(corrupt(store, null, null)).as("the test damaged the stored record").isTrue();
            assertThatThrownBy(() -> store.readCreds()).isInstanceOfSatisfying(ZaileysStoreException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.STORE_CORRUPTED));
        }
    }
}
