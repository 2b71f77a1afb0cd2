package dev.zaileys.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.model.Chat;
import dev.zaileys.model.MessageKey;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SaveOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Merges of one history by two store objects at once (as two processes would run them): each
 * has its own connections, so only the backend's own transaction keeps their read-merge-write
 * steps apart. A lock inside one store object is not enough, and these checks fail without the
 * backend's transaction: a late status overwrites a later one, both stores answer NEW for one
 * message, or one store's fields vanish under the other's write.
 */
public abstract class ConcurrentMergeContract<S extends MessageStore> extends StoreContract<S> {

    /** A second object on the store's backend and scope, sharing nothing with it in process. */
    @Override
    protected abstract S reopen(S store);

    private static final String JID = "1234@s.whatsapp.net";
    private static final int THREADS = 8;

    /** How many rounds each thread runs; slow backends divide it through {@link #scale()}. */
    private int rounds(int base) {
        return Math.max(4, base / scale());
    }

    /** Two stores on one history, each thread using one of them in turn. */
    private List<S> twoStores() {
        return List.of(store, track(reopen(store)));
    }

    private static WAMessage message(String id, long ts, String extraJson) {
        return WAMessage.parse("{\"key\":{\"remoteJid\":\"" + JID + "\",\"fromMe\":true,\"id\":\"" + id + "\"},"
                + "\"messageTimestamp\":" + ts + extraJson + "}");
    }

    @Test
    @DisplayName("C1.1 delivery status never moves back when two stores merge receipts of one message")
    void statusOnlyMovesForward() throws Exception {
        List<S> stores = twoStores();
        int keys = rounds(100);
        List<WAMessage> sent = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            sent.add(message("S" + k, 1_000, ",\"status\":1"));
        }
        store.saveMessages(sent);
        // All threads meet before each message, so they race on every one: receipts
        // SERVER_ACK..PLAYED (2..5) arrive at once, through both stores.
        CyclicBarrier together = new CyclicBarrier(THREADS);
        inParallel(THREADS, t -> {
            MessageStore s = stores.get(t % 2);
            for (int k = 0; k < keys; k++) {
                together.await(60, TimeUnit.SECONDS);
                s.saveMessage(message("S" + k, 1_000, ",\"status\":" + (2 + t % 4)));
            }
            return null;
        });
        for (S s : stores) {
            for (int k = 0; k < keys; k++) {
                WAMessage stored = s.getMessage(MessageKey.of(JID, true, "S" + k)).orElseThrow();
                assertThat(stored.status()).as("status of S%d: PLAYED, the highest any store wrote", k).hasValue(5);
            }
        }
    }

    @Test
    @DisplayName("C1.2 every message is NEW exactly once across two stores saving it at the same time")
    void newExactlyOnce() throws Exception {
        List<S> stores = twoStores();
        int keys = rounds(200);
        List<Map<String, Integer>> news = inParallel(THREADS, t -> {
            MessageStore s = stores.get(t % 2);
            List<Integer> order = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                order.add(k);
            }
            Collections.shuffle(order, new Random(t));
            Map<String, Integer> count = new HashMap<>();
            // Small batches, as the binding writes them: several keys per transaction.
            for (int from = 0; from < keys; from += 5) {
                List<WAMessage> batch = new ArrayList<>();
                for (int i = from; i < Math.min(keys, from + 5); i++) {
                    batch.add(message("N" + order.get(i), 2_000 + order.get(i), ""));
                }
                List<SaveOutcome> outcomes = s.saveMessages(batch);
                for (int i = 0; i < batch.size(); i++) {
                    if (outcomes.get(i) == SaveOutcome.NEW) {
                        count.merge(batch.get(i).key().id(), 1, Integer::sum);
                    }
                }
            }
            return count;
        });
        Map<String, Integer> total = new HashMap<>();
        news.forEach(m -> m.forEach((id, n) -> total.merge(id, n, Integer::sum)));
        for (int k = 0; k < keys; k++) {
            assertThat(total.getOrDefault("N" + k, 0)).as("NEW answers for N%d", k).isEqualTo(1);
        }
        for (S s : stores) {
            assertThat(s.listMessages(JID, ListOptions.limit(keys + 1))).hasSize(keys);
        }
    }

    @Test
    @DisplayName("C1.3 nothing is lost: fields two stores merge into one message and one chat all remain")
    void noMergeLost() throws Exception {
        List<S> stores = twoStores();
        store.saveMessage(message("F", 3_000, ""));
        int rounds = rounds(24);
        inParallel(THREADS, t -> {
            MessageStore s = stores.get(t % 2);
            for (int r = 0; r < rounds; r++) {
                // Each field is a thread's own: a merge that started from a stale document drops
                // the fields other threads wrote meanwhile.
                s.saveMessage(message("F", 3_000, ",\"t" + t + "_" + r + "\":" + r));
                s.saveChat(Chat.parse("{\"id\":\"" + JID + "\",\"t" + t + "_" + r + "\":" + r + "}"));
            }
            return null;
        });
        for (S s : stores) {
            var msg = s.getMessage(MessageKey.of(JID, true, "F")).orElseThrow().toJson();
            var chat = s.getChat(JID).orElseThrow().toJson();
            for (int t = 0; t < THREADS; t++) {
                for (int r = 0; r < rounds; r++) {
                    assertThat(msg.has("t" + t + "_" + r)).as("message field t%d_%d", t, r).isTrue();
                    assertThat(chat.has("t" + t + "_" + r)).as("chat field t%d_%d", t, r).isTrue();
                }
            }
        }
    }
}
