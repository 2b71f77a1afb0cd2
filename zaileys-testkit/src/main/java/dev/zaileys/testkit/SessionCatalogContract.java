package dev.zaileys.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Chat;
import dev.zaileys.model.Contact;
import dev.zaileys.model.Presence;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.store.SessionLease;
import dev.zaileys.store.SessionSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SessionCatalog}: sessions written through a backend's stores are listed,
 * counted and dropped, one without touching another. A backend test names a fresh backend (or a
 * part of one), the stores of a session on it, and a name the backend refuses. On shared servers
 * other tests' sessions may be listed too, so the checks look only at the names made here.
 */
public abstract class SessionCatalogContract {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** A catalog of the backend the stores below write to. */
    protected abstract SessionCatalog newCatalog();

    /** The auth store of {@code session} on that backend. */
    protected abstract AuthStoreBundle newAuth(String session);

    /** Its message store, or null when the backend keeps no history (File). */
    protected abstract MessageStore newMessages(String session);

    /** A name this backend refuses as a session. */
    protected abstract String invalidName();

    /** A session name not used before, in this backend's alphabet. */
    protected String sessionName(String base) {
        return base + "-" + COUNTER.incrementAndGet() + "-" + ProcessHandle.current().pid() % 100_000;
    }

    protected SessionCatalog catalog;

    @BeforeEach
    void openCatalog() {
        catalog = newCatalog();
    }

    @AfterEach
    void closeCatalog() {
        catalog.close();
    }

    private static WAMessage message(String jid, String id, long ts) {
        return WAMessage.of((ObjectNode) BufferJson.decode("{\"key\":{\"remoteJid\":\"" + jid + "\",\"fromMe\":false,\"id\":\""
                + id + "\"},\"messageTimestamp\":" + ts + ",\"message\":{\"conversation\":\"hi\"}}"));
    }

    /** Writes creds, two keys and (with history) 3 messages in 2 chats, a chat, a contact, a presence, a job. */
    private boolean fill(String session) {
        try (AuthStoreBundle auth = newAuth(session)) {
            auth.writeCreds(Fixtures.creds());
            auth.write(Map.of("pre-key", Map.of("1", JsonNodeFactory.instance.objectNode().put("k", 1),
                    "2", JsonNodeFactory.instance.objectNode().put("k", 2))));
        }
        MessageStore m = newMessages(session);
        if (m == null) {
            return false;
        }
        try (m) {
            m.saveMessages(List.of(message("1@s.whatsapp.net", "A", 1), message("1@s.whatsapp.net", "B", 2),
                    message("2@s.whatsapp.net", "C", 3)));
            m.saveChat(Chat.of((ObjectNode) BufferJson.decode("{\"id\":\"1@s.whatsapp.net\"}")));
            m.saveContact(Contact.of((ObjectNode) BufferJson.decode("{\"id\":\"1@s.whatsapp.net\",\"name\":\"x\"}")));
            m.savePresence("1@s.whatsapp.net", Presence.of((ObjectNode) BufferJson.decode("{\"lastKnownPresence\":\"available\"}")));
            m.saveScheduledJob(Fixtures.jobs().get(0));
        }
        return true;
    }

    @Test
    @DisplayName("K1: written sessions are listed and exist; summaries count each kind; an unknown one is absent")
    void listsAndCounts() {
        String a = sessionName("ka");
        String b = sessionName("kb");
        boolean history = fill(a);
        fill(b);
        assertThat(catalog.list()).contains(a, b).isSorted();
        assertThat(catalog.exists(a)).isTrue();
        String unknown = sessionName("never");
        assertThat(catalog.exists(unknown)).isFalse();
        assertThat(catalog.summary(unknown)).isEmpty();
        assertThat(catalog.list()).doesNotContain(unknown);
        SessionSummary s = catalog.summary(a).orElseThrow();
        assertThat(s.session()).isEqualTo(a);
        assertThat(s.creds()).isTrue();
        assertThat(s.signalKeys()).isEqualTo(2);
        assertThat(s.empty()).isFalse();
        if (history) {
            assertThat(List.of(s.messages(), s.chats(), s.contacts(), s.presences(), s.jobs())).containsExactly(3L, 1L, 1L, 1L, 1L);
        }
    }

    @Test
    @DisplayName("K2: drop removes one session's every record and leaves the other's; a second drop is false")
    void dropsOneSession() {
        String a = sessionName("da");
        String b = sessionName("db");
        boolean history = fill(a);
        fill(b);
        assertThat(catalog.drop(a)).isTrue();
        assertThat(catalog.exists(a)).isFalse();
        assertThat(catalog.summary(a)).isEmpty();
        assertThat(catalog.list()).doesNotContain(a).contains(b);
        assertThat(catalog.drop(a)).isFalse();
        try (AuthStoreBundle auth = newAuth(a)) {
            assertThat(auth.readCreds()).isEmpty();
            assertThat(auth.listKeyIds()).isEmpty();
        }
        if (history) {
            try (MessageStore m = newMessages(a)) {
                assertThat(m.listMessageJids()).isEmpty();
                assertThat(m.listChats()).isEmpty();
                assertThat(m.listScheduledJobs()).isEmpty();
            }
            try (MessageStore m = newMessages(b)) {
                assertThat(m.listMessages("1@s.whatsapp.net")).hasSize(2);
            }
        }
        try (AuthStoreBundle auth = newAuth(b)) {
            assertThat(auth.readCreds()).isPresent();
        }
        assertThat(catalog.summary(b).orElseThrow().signalKeys()).isEqualTo(2);
    }

    @Test
    @DisplayName("K4: a session whose lease is held is not dropped (STORE_LEASE_HELD naming the holder); once released it is")
    void refusesToDropALiveSession() {
        String a = sessionName("la");
        fill(a);
        SessionSummary before = catalog.summary(a).orElseThrow();
        try (AuthStoreBundle auth = newAuth(a)) {
            SessionLease.Lease lease = auth.lease().orElseThrow().acquire(Duration.ofSeconds(30), Duration.ZERO);
            assertThatThrownBy(() -> catalog.drop(a)).isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
                assertThat(e.code()).isEqualTo(Code.STORE_LEASE_HELD);
                assertThat(e.getMessage()).contains("pid " + ProcessHandle.current().pid());
            });
            assertThat(catalog.summary(a)).contains(before);
            assertThat(auth.readCreds()).isPresent();
            lease.close();
        }
        assertThat(catalog.drop(a)).isTrue();
        assertThat(catalog.exists(a)).isFalse();
    }

    @Test
    @DisplayName("K5: an owner paused past its TTL cannot write its session back after a drop (or the drop is refused)")
    void dropFencesAnOwnerThatWakesAfterIt() throws InterruptedException {
        String a = sessionName("fa");
        fill(a);
        try (AuthStoreBundle auth = newAuth(a)) {
            SessionLease.Lease lease = auth.lease().orElseThrow().acquire(Duration.ofMillis(100), Duration.ZERO);
            Thread.sleep(400);
            boolean dropped;
            try {
                dropped = catalog.drop(a);
            } catch (ZaileysStoreException e) {
                // File: the OS lock lasts as long as its process, paused or not, so the drop waits for it.
                assertThat(e.code()).isEqualTo(Code.STORE_LEASE_HELD);
                dropped = false;
            }
            if (dropped) {
                assertThatThrownBy(() -> auth.writeCreds(Fixtures.creds())).isInstanceOfSatisfying(ZaileysStoreException.class,
                        e -> assertThat(e.code()).isEqualTo(Code.STORE_FENCED));
                assertThat(catalog.exists(a)).isFalse();
                assertThat(auth.readCreds()).isEmpty();
            } else {
                assertThat(catalog.summary(a).orElseThrow().creds()).isTrue();
            }
            lease.close();
        }
    }

    @Test
    @DisplayName("K3: a name the backend refuses is STORE_INVALID_INPUT for every call, and changes nothing")
    void refusesBadNames() {
        String a = sessionName("ba");
        fill(a);
        List<String> before = catalog.list();
        for (String bad : new String[] {invalidName(), null}) {
            assertThatThrownBy(() -> catalog.exists(bad)).isInstanceOfSatisfying(ZaileysStoreException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
            assertThatThrownBy(() -> catalog.summary(bad)).isInstanceOfSatisfying(ZaileysStoreException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
            assertThatThrownBy(() -> catalog.drop(bad)).isInstanceOfSatisfying(ZaileysStoreException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
        }
        assertThat(catalog.list()).containsAll(before).contains(a);
    }
}
