package dev.zaileys.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.Ids;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.socket.BaileysEvents;
import dev.zaileys.socket.EventEmitter;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.PruneOptions;
import dev.zaileys.store.SaveOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The message contract plus what a store that outlives its instance promises: another instance on
 * the same backend sees what was written (bound writes too, once flushed or closed), and a damaged
 * record is STORE_CORRUPTED. Every persistent adapter's test extends this; the memory store stops
 * at {@link MessageStoreContract}.
 */
public abstract class DurableMessageStoreContract<S extends MessageStore> extends MessageStoreContract<S> {

    /** A new instance on the same backend and scope as {@code store} (which may be closed). */
    @Override
    protected abstract S reopen(S store);

    /** Damages the stored record of message {@code key} so it no longer decodes; true when it did. */
    protected abstract boolean corruptMessage(S store, MessageKey key);

    /**
     * Opens a store of this backend that cannot reach its backend: a server that is not there (a
     * closed port), or for a file database a file that cannot be opened (its folder missing).
     * Either the opening or the first call must fail with a transient code.
     */
    protected abstract S unreachableStore();

    /**
     * The error-code contract of {@link ZaileysStoreException}, held by every durable backend: a
     * damaged record is STORE_CORRUPTED naming it, data refused is STORE_INVALID_INPUT, neither
     * transient (retrying cannot help); an unreachable server is a transient code.
     */
    @Nested
    @DisplayName("M15: error codes")
    class ErrorCodes {

        @Test
        @DisplayName("M15.1 a damaged record is STORE_CORRUPTED, not transient, and names the record")
        void damagedIsCorruptedAndNamed() {
            WAMessage m = msg(DM, "DAMAGED-15", false, T0, "x");
            store.saveMessage(m);
            assertThat(corruptMessage(store, m.key())).isTrue();
            assertThatThrownBy(() -> store.getMessage(m.key())).isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
                assertThat(e.code()).isEqualTo(Code.STORE_CORRUPTED);
                assertThat(e.code().transientFailure()).isFalse();
                assertThat(e.getMessage()).contains("DAMAGED-15");
            });
        }

        @Test
        @DisplayName("M15.2 a refused value is STORE_INVALID_INPUT, not transient, naming where it is; nothing changes")
        void refusedIsInvalidInput() {
            loadFixtures(store);
            Map<String, Object> before = snapshot(store);
            ObjectNode content = BufferJson.object();
            content.put("n", Double.NaN);
            WAMessage m = withField(msg(DM, "REFUSED-15", false, T0, "x"), "message", content);
            assertThatThrownBy(() -> store.saveMessage(m)).isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
                assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT);
                assertThat(e.code().transientFailure()).isFalse();
                assertThat(e.getMessage()).contains("$.message.n");
            });
            assertThat(snapshot(store)).isEqualTo(before);
        }

        @Test
        @DisplayName("M15.3 an unreachable server is a transient code")
        void unreachableIsTransient() {
            S s;
            try {
                s = unreachableStore();
            } catch (ZaileysStoreException e) {
                assertThat(e.code().transientFailure()).as(e.getMessage()).isTrue();
                return;
            }
            try {
                assertThatThrownBy(s::listMessageJids).isInstanceOfSatisfying(ZaileysStoreException.class,
                        e -> assertThat(e.code().transientFailure()).as(e.getMessage()).isTrue());
            } finally {
                try {
                    s.close();
                } catch (RuntimeException ignored) {
                    // closing a store that never reached its backend may fail the same way
                }
            }
        }
    }

    @Nested
    @DisplayName("M13: durability")
    class Durability {

        @Test
        @DisplayName("M13.1 what one instance wrote (directly and bound), a new instance reads")
        void reopened() {
            loadFixtures(store);
            bind();
            emit(BaileysEvents.MESSAGES_UPSERT, upsert(msg(DM, "BOUND", false, T0, "x")));
            binding.flush();
            Map<String, Object> written = snapshot(store);
            S other = track(reopen(store));
            assertThat(snapshot(other)).isEqualTo(written);
        }

        @Test
        @DisplayName("M13.2 outcomes survive: a message saved by one instance is UNCHANGED for the next")
        void dedupeAcrossInstances() {
            WAMessage m = msg(DM, "DEDUP", false, T0, "x");
            store.saveMessage(m);
            S other = track(reopen(store));
            assertThat(other.saveMessage(m)).isEqualTo(SaveOutcome.UNCHANGED);
        }

        @Test
        @DisplayName("M13.3 a damaged message is STORE_CORRUPTED, never empty")
        void corrupted() {
            WAMessage m = msg(DM, "BROKEN", false, T0, "x");
            store.saveMessage(m);
            assertThat(corruptMessage(store, m.key())).as("the test damaged the stored record").isTrue();
            assertCode(() -> store.getMessage(m.key()), Code.STORE_CORRUPTED);
            assertCode(() -> store.listMessages(DM), Code.STORE_CORRUPTED);
        }

        @Test
        @DisplayName("M13.3b a damaged message is named by its chat and id, by reads and by verify")
        void corruptedIsNamed() {
            WAMessage good = msg(DM, "FINE", false, T0 + 1, "x");
            WAMessage m = msg(DM, "BROKEN-7", false, T0, "x");
            store.saveMessages(List.of(good, m));
            assertThat(corruptMessage(store, m.key())).as("the test damaged the stored record").isTrue();
            for (Runnable call : List.<Runnable>of(() -> store.getMessage(m.key()), () -> store.listMessages(DM))) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(Code.STORE_CORRUPTED);
                    assertThat(e.getMessage()).contains("BROKEN-7").contains(DM);
                });
            }
            List<String> problems = dev.zaileys.store.SessionCheck.run(null, store).problems();
            assertThat(problems).singleElement().asString().contains("BROKEN-7").contains(DM);
        }

        @Test
        @DisplayName("M13.4 closing the binding writes what it accepted, for the next instance")
        void closeFlushes() {
            bind();
            for (int i = 0; i < 500; i++) {
                emit(BaileysEvents.MESSAGES_UPSERT, upsert(msg(DM, "C" + i, false, T0 + i, "x")));
            }
            binding.close();
            store.close();
            assertThat(socket.listenerCount(BaileysEvents.MESSAGES_UPSERT)).as("close unbinds").isZero();
            S other = track(reopen(store));
            assertThat(other.listMessages(DM, ListOptions.limit(1000))).hasSize(500);
        }
    }
}
