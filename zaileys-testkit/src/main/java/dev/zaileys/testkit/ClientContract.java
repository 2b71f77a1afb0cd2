package dev.zaileys.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.client.Client;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.client.ClientEvent;
import dev.zaileys.client.ScheduledSend;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.WAMessage;
import dev.zaileys.sim.SimulatedWhatsApp;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.SignalTypes;
import dev.zaileys.store.memory.MemoryMessageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client against the simulated WhatsApp, written once; each store adapter runs it with a
 * small subclass that opens its stores. A hook returns a new handle on the same backing data each
 * call (a "restart" opens new handles), so what a test reads back went through the backend.
 *
 * <p>Longer than a main class should be, on purpose: it is a test suite of fourteen scenarios
 * (C1 to C14: pairing, restart, logout, reconnect, scheduled sends, store failures), each read
 * alone.
 */
public abstract class ClientContract {

    /** A new handle on the auth data of {@code sessionId} (the same data on every call). */
    protected abstract AuthStoreBundle openAuth(String sessionId);

    /** A new handle on the message data of this test (the same data on every call). */
    protected abstract MessageStore openMessages();

    /**
     * A message store on fresh data whose writes fail (as a backend in trouble fails: a transient
     * {@code STORE_WRITE_FAILED}) until {@link Faulty#heal()}. By default {@link #flakyMemory()}, for
     * adapters with no natural way to break; override it where the backend can be broken for real.
     */
    protected Faulty openFaultyMessages() {
        return flakyMemory();
    }

    /** A store with an injected failure. */
    protected interface Faulty {
        MessageStore store();

        /** Ends the failure. */
        void heal();
    }

    /** A faulty store over a memory store, for adapters with no natural way to break. */
    protected static Faulty flakyMemory() {
        AtomicBoolean failing = new AtomicBoolean(true);
        MessageStore store = new FaultyMessageStore(new MemoryMessageStore(), failing::get);
        return faulty(store, () -> failing.set(false));
    }

    /** A {@link Faulty} of {@code store}, healed by {@code heal}. */
    protected static Faulty faulty(MessageStore store, Runnable heal) {
        return new Faulty() {
            @Override
            public MessageStore store() {
                return store;
            }

            @Override
            public void heal() {
                heal.run();
            }
        };
    }

    private final List<AutoCloseable> toClose = new ArrayList<>();
    protected final Instant start = Instant.parse("2026-01-05T09:00:00Z");

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (RuntimeException e) {
                // keep closing the rest
            }
        }
    }

    protected <T extends AutoCloseable> T track(T c) {
        toClose.add(c);
        return c;
    }

    private AuthStoreBundle auth(String session) {
        return track(openAuth(session));
    }

    private MessageStore messages() {
        return track(openMessages());
    }

    private SimulatedWhatsApp sim(Clock clock) {
        return SimulatedWhatsApp.builder().seed(7).clock(clock).history(4, 40).preKeys(20).build();
    }

    private Client.Builder client(String session, AuthStoreBundle auth, MessageStore store, SimulatedWhatsApp sim,
                                  Clock clock) {
        return Client.builder().sessionId(session).auth(auth).store(store).socketFactory(sim).clock(clock)
                .reconnectDelay(Duration.ofMillis(5), Duration.ofMillis(50))
                .schedulePollInterval(Duration.ofMillis(20))
                .scheduleRateLimitPerSec(10_000)
                .scheduleRetryBackoff(Duration.ofMillis(5), Duration.ofMillis(20));
    }

    @Test
    @DisplayName("C1: a first run pairs with a QR and persists creds and Signal keys")
    void firstRunPairsAndPersists() {
        Clock clock = new MutableClock(start);
        SimulatedWhatsApp sim = sim(clock);
        AuthStoreBundle auth = auth("c1");
        Client client = track(client("c1", auth, messages(), sim, clock).build());
        EventRecorder events = new EventRecorder(client);
        client.connect();
        ClientEvent.Connected connected = events.await(ClientEvent.Connected.class);
        sim.settle();

        assertThat(connected.sessionId()).isEqualTo("c1");
        assertThat(connected.me().id()).startsWith("6281200000000:");
        assertThat(events.all(ClientEvent.Qr.class)).hasSize(1).allMatch(q -> q.sessionId().equals("c1"));
        AuthStoreBundle reopened = auth("c1");
        AuthCreds creds = reopened.readCreds().orElseThrow();
        assertThat(creds.meId()).contains(connected.me().id());
        assertThat(creds.toJson().path("processedHistoryMessages").size()).isEqualTo(1);
        SortedMap<String, List<String>> keys = reopened.listKeyIds();
        assertThat(keys.get(SignalTypes.PRE_KEY)).hasSize(20);
        assertThat(keys.get(SignalTypes.SESSION)).isNotEmpty();
        assertThat(keys.get(SignalTypes.APP_STATE_SYNC_KEY)).hasSize(1);
    }

    @Test
    @DisplayName("C2: a second client on the same stores resumes without pairing")
    void secondClientResumes() {
        Clock clock = new MutableClock(start);
        SimulatedWhatsApp sim = sim(clock);
        Client first = client("c2", auth("c2"), messages(), sim, clock).build();
        EventRecorder e1 = new EventRecorder(first);
        first.connect();
        e1.await(ClientEvent.Connected.class);
        sim.settle();
        first.close();
        int historySize = sim.history().size();

        Client second = track(client("c2", auth("c2"), messages(), sim, clock).build());
        EventRecorder e2 = new EventRecorder(second);
        second.connect();
        ClientEvent.Connected connected = e2.await(ClientEvent.Connected.class);
        sim.settle();
        second.flush();

        assertThat(e2.all(ClientEvent.Qr.class)).isEmpty();
        assertThat(sim.pairings()).isEqualTo(1);
        assertThat(connected.me().id()).startsWith("6281200000000:");
        MessageStore check = messages();
        int stored = check.listMessageJids().stream().mapToInt(j -> check.listMessages(j,
                dev.zaileys.store.ListOptions.limit(1000)).size()).sum();
        assertThat(stored).as("history synced once, not again on resume").isEqualTo(historySize);
    }

    // 410 (device removed from the phone) ends the session like 401: same clearing, same re-pairing.
    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {401, 410})
    @DisplayName("C3: a 401 or 410 clears exactly that session's auth, then it pairs again")
    void loggedOutClearsOnlyThatSession(int status) {
        Clock clock = new MutableClock(start);
        SimulatedWhatsApp simA = sim(clock);
        SimulatedWhatsApp simB = sim(clock);
        AuthStoreBundle authA = auth("c3a");
        AuthStoreBundle authB = auth("c3b");
        Client a = track(client("c3a", authA, messages(), simA, clock).build());
        Client b = track(client("c3b", authB, track(new dev.zaileys.store.memory.MemoryMessageStore()), simB, clock).build());
        // registered before the recorder, so it has run when the recorder wakes the test; only the
        // logout counts: the re-pairing's own 515 close may already have come and gone by then
        AtomicReference<String> seenAtDisconnect = new AtomicReference<>();
        a.onDisconnect(d -> {
            if (d.loggedOut()) {
                seenAtDisconnect.set(authA.readCreds().isPresent() + " " + authA.listKeyIds());
            }
        });
        EventRecorder ea = new EventRecorder(a);
        EventRecorder eb = new EventRecorder(b);
        a.connect();
        b.connect();
        ea.await(ClientEvent.Connected.class);
        eb.await(ClientEvent.Connected.class);
        simA.settle();
        simB.settle();
        AuthCreds credsB = authB.readCreds().orElseThrow();
        SortedMap<String, List<String>> keysB = authB.listKeyIds();
        AuthCreds oldA = authA.readCreds().orElseThrow();

        if (status == 401) {
            simA.logoutDevice();
        } else {
            simA.removeDevice();
        }
        ClientEvent.Disconnected d = ea.await(ClientEvent.Disconnected.class, x -> x.loggedOut(), 1);
        assertThat(d.statusCode()).isEqualTo(status);
        assertThat(d.willReconnect()).isTrue();
        assertThat(seenAtDisconnect.get()).isEqualTo("false {}");
        ea.await(ClientEvent.Connected.class, x -> true, 2);
        simA.settle();

        assertThat(ea.all(ClientEvent.Qr.class)).hasSize(2);
        assertThat(authA.readCreds().orElseThrow().toJson().path("registrationId"))
                .isNotEqualTo(oldA.toJson().path("registrationId"));
        assertThat(authB.readCreds()).contains(credsB);
        assertThat(authB.listKeyIds()).isEqualTo(keysB);
        assertThat(eb.all(ClientEvent.Disconnected.class)).allMatch(x -> x.statusCode() == 515);
    }

    @Test
    @DisplayName("C4: history sync and live traffic land in the message store; flush() makes them durable")
    void historyAndLiveTraffic() {
        Clock clock = new MutableClock(start);
        SimulatedWhatsApp sim = sim(clock);
        MessageStore store = messages();
        Client client = track(client("c4", auth("c4"), store, sim, clock).build());
        EventRecorder events = new EventRecorder(client);
        client.connect();
        events.await(ClientEvent.Connected.class);
        sim.settle();
        int live = sim.liveTraffic(40);
        WAMessage incoming = sim.receiveText("6281299999999@s.whatsapp.net", "!ping");
        sim.settle();
        WAMessage sent = client.sendText("6281299999999@s.whatsapp.net", "pong");
        sim.settle();
        client.flush();

        assertThat(live).isEqualTo(40);
        MessageStore check = messages();
        for (WAMessage h : sim.history()) {
            assertThat(check.getMessage(h.key())).as("history message %s", h.key().id()).isPresent();
        }
        assertThat(check.listChats()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(check.listContacts()).isNotEmpty();
        assertThat(check.listPresences()).isNotEmpty();
        assertThat(check.getMessage(incoming.key()).flatMap(WAMessage::text)).contains("!ping");
        assertThat(check.getMessage(sent.key()).orElseThrow().status()).hasValue(3);
        assertThat(check.getMessage(sent.key()).flatMap(WAMessage::text)).contains("pong");
        boolean anyEdited = check.listMessageJids().stream().flatMap(j -> check.listMessages(j).stream())
                .anyMatch(m -> m.text().orElse("").startsWith("(edited) "));
        boolean anyRevoked = check.listMessageJids().stream().flatMap(j -> check.listMessages(j).stream())
                .anyMatch(WAMessage::isRevoked);
        assertThat(anyEdited).isTrue();
        assertThat(anyRevoked).isTrue();
    }

    @Test
    @DisplayName("C5: a scheduled job survives a restart and fires once, as soon as the client is back")
    void scheduledJobSurvivesRestart() {
        MutableClock clock = new MutableClock(start);
        SimulatedWhatsApp sim = sim(clock);
        Client first = client("c5", auth("c5"), messages(), sim, clock).build();
        EventRecorder e1 = new EventRecorder(first);
        first.connect();
        e1.await(ClientEvent.Connected.class);
        ScheduledSend handle = first.schedule(start.plusSeconds(60), "6281211111111@s.whatsapp.net", "see you at lunch");
        first.close();
        clock.advance(Duration.ofMinutes(5));

        MessageStore store = messages();
        assertThat(store.getScheduledJob(handle.id())).isPresent();
        Client second = track(client("c5", auth("c5"), store, sim, clock).build());
        EventRecorder e2 = new EventRecorder(second);
        second.connect();
        ClientEvent.ScheduleSent fired = e2.await(ClientEvent.ScheduleSent.class);

        assertThat(fired.job().id()).isEqualTo(handle.id());
        assertThat(sim.sent()).extracting(m -> m.text().orElse("")).containsExactly("see you at lunch");
        assertThat(store.getScheduledJob(handle.id())).isEmpty();
        assertThat(messages().listScheduledJobs()).isEmpty();
    }

    @Test
    @DisplayName("C14: jobs that came due while down fire at most scheduleRateLimitPerSec per second")
    void overdueJobsFireAtTheRateLimit() {
        MutableClock clock = new MutableClock(start);
        SimulatedWhatsApp sim = sim(clock);
        Client first = client("c14", auth("c14"), messages(), sim, clock).build();
        EventRecorder e1 = new EventRecorder(first);
        first.connect();
        e1.await(ClientEvent.Connected.class);
        int jobs = 8;
        for (int i = 0; i < jobs; i++) {
            first.schedule(start.plusSeconds(60 + i), "6281211111111@s.whatsapp.net", "overdue " + i);
        }
        first.close();
        clock.advance(Duration.ofMinutes(5));

        double perSecond = 4;
        List<Long> sentAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        Client second = track(client("c14", auth("c14"), messages(), sim, clock).scheduleRateLimitPerSec(perSecond).build());
        second.on(ClientEvent.ScheduleSent.class, e -> sentAt.add(System.nanoTime()));
        EventRecorder e2 = new EventRecorder(second);
        second.connect();
        e2.await(ClientEvent.ScheduleSent.class, x -> true, jobs);

        assertThat(sentAt).hasSize(jobs);
        assertThat(sim.sent()).hasSize(jobs);
        // A burst of at most perSecond, then one per 1/perSecond s: a lower bound on the time the
        // eight sends took, which a slow machine only makes longer.
        double spanSeconds = (sentAt.get(jobs - 1) - sentAt.get(0)) / 1e9;
        assertThat(spanSeconds).isGreaterThanOrEqualTo((jobs - perSecond - 1) / perSecond);
    }

    @Test
    @DisplayName("C6: a failing send is retried with backoff and finally reported, the job kept as failed")
    void failingSendRetriedThenReported() {
        Clock clock = Clock.systemUTC();
        SimulatedWhatsApp sim = sim(clock);
        sim.failSends(jid -> true);
        MessageStore store = messages();
        Client client = track(client("c6", auth("c6"), store, sim, clock).scheduleMaxAttempts(3).build());
        EventRecorder events = new EventRecorder(client);
        client.connect();
        events.await(ClientEvent.Connected.class);
        ScheduledSend handle = client.schedule(clock.instant(), "6281211111111@s.whatsapp.net", "will fail");
        ClientEvent.ScheduleFailed failed = events.await(ClientEvent.ScheduleFailed.class);

        assertThat(failed.sessionId()).isEqualTo("c6");
        assertThat(failed.job().id()).isEqualTo(handle.id());
        assertThat(failed.reason()).contains("simulated send failure");
        ScheduledJob kept = messages().getScheduledJob(handle.id()).orElseThrow();
        assertThat(kept.failed()).isTrue();
        assertThat(kept.attempts()).isEqualTo(3);
        assertThat(kept.lastError()).hasValueSatisfying(r -> assertThat(r).contains("simulated send failure"));
        assertThat(sim.sent()).isEmpty();
        assertThat(events.all(ClientEvent.ScheduleFailed.class)).hasSize(1);
    }

    @Test
    @DisplayName("C7: two clients of one session sharing one store fire each of 200 jobs once")
    void twoClientsFireEachJobOnce() {
        Clock clock = Clock.systemUTC();
        SimulatedWhatsApp sim = sim(clock);
        Client a = track(client("c7", auth("c7"), messages(), sim, clock).build());
        // Another session id stands for another process: the in-process guard keys by session id.
        // They share the history store but not the auth session: the session lease would (rightly)
        // keep a second process off one session, and what this proves is the jobs' claims.
        Client b = track(client("c7-other-process", auth("c7-b"), messages(), sim, clock).build());
        EventRecorder ea = new EventRecorder(a);
        EventRecorder eb = new EventRecorder(b);
        CountDownLatch allSent = new CountDownLatch(200);
        a.on(ClientEvent.ScheduleSent.class, x -> allSent.countDown());
        b.on(ClientEvent.ScheduleSent.class, x -> allSent.countDown());
        a.connect();
        ea.await(ClientEvent.Connected.class);
        b.connect();
        eb.await(ClientEvent.Connected.class);
        Set<String> ids = new HashSet<>();
        Instant at = clock.instant().plusMillis(200);
        for (int i = 0; i < 200; i++) {
            Client owner = i % 2 == 0 ? a : b;
            ids.add(owner.schedule(at, "6281211111111@s.whatsapp.net", "job " + i).id());
        }
        try {
            assertThat(allSent.await(60, TimeUnit.SECONDS)).as("all 200 jobs sent").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        a.close();
        b.close();
        List<String> texts = sim.sent().stream().map(m -> m.text().orElse("")).toList();
        assertThat(texts).hasSize(200).doesNotHaveDuplicates();
        assertThat(messages().listScheduledJobs()).isEmpty();
        assertThat(ids).hasSize(200);
    }

    @Test
    @DisplayName("C7L: a second client of one session is refused at connect naming the owner (host, pid, since); once the owner closes, it connects at a higher epoch")
    void secondOwnerRefusedUntilRelease() {
        Clock clock = Clock.systemUTC();
        SimulatedWhatsApp sim = sim(clock);
        Client a = track(client("c7l", auth("c7l"), messages(), sim, clock).build());
        // Another session id stands for another process (the in-process guard keys by session id).
        Client b = track(client("c7l-other-process", auth("c7l"), messages(), sim, clock).build());
        EventRecorder ea = new EventRecorder(a);
        a.connect();
        ea.await(ClientEvent.Connected.class);
        long epoch = a.leaseEpoch().orElseThrow();
        assertThatThrownBy(b::connect).isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
            assertThat(e.code()).isEqualTo(ZaileysStoreException.Code.STORE_LEASE_HELD);
            assertThat(e.getMessage()).contains("pid " + ProcessHandle.current().pid()).contains(" since ");
        });
        assertThat(b.isConnected()).isFalse();
        a.close();
        EventRecorder eb = new EventRecorder(b);
        b.connect();
        eb.await(ClientEvent.Connected.class);
        assertThat(b.leaseEpoch().orElseThrow()).isGreaterThan(epoch);
        assertThat(sim.pairings()).isEqualTo(1);
    }

    @Test
    @DisplayName("C8: an injected store failure reaches store-error and loses nothing")
    void storeFailureReportedNothingLost() {
        Clock clock = new MutableClock(start);
        SimulatedWhatsApp sim = sim(clock);
        Faulty faulty = openFaultyMessages();
        MessageStore store = track(faulty.store());
        Client client = track(client("c8", auth("c8"), store, sim, clock).build());
        EventRecorder events = new EventRecorder(client);
        client.connect();
        events.await(ClientEvent.Connected.class);
        ClientEvent.StoreError error = events.await(ClientEvent.StoreError.class);
        faulty.heal();
        sim.settle();
        client.flush();

        assertThat(error.sessionId()).isEqualTo("c8");
        assertThat(error.willRetry()).isTrue();
        assertThat(error.pending()).isPositive();
        // a retried failure is not a failed write: the metrics count only what was given up on
        assertThat(client.pendingStoreWrites()).isZero();
        assertThat(client.failedStoreWrites()).isZero();
        for (WAMessage h : sim.history()) {
            assertThat(store.getMessage(h.key())).as("history message %s", h.key().id()).isPresent();
        }
    }

    @Test
    @DisplayName("C9: a second live client of one session in one process is refused")
    void secondClientOfSessionRefused() {
        Clock clock = new MutableClock(start);
        SimulatedWhatsApp sim = sim(clock);
        Client first = client("c9", auth("c9"), messages(), sim, clock).build();
        assertThatThrownBy(() -> client("c9", auth("c9"), messages(), sim, clock).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'c9'").hasMessageContaining("already");
        first.close();
        first.close();
        track(client("c9", auth("c9"), messages(), sim, clock).build());
    }

    @Test
    @DisplayName("C10: invalid time, recipient or payload is refused at schedule time, nothing stored")
    void invalidScheduleRefused() {
        MutableClock clock = new MutableClock(start);
        MessageStore store = messages();
        Client client = track(client("c10", auth("c10"), store, sim(clock), clock).build());
        String jid = "6281211111111@s.whatsapp.net";
        ObjectNode ok = BufferJson.object().put("text", "hi");
        assertThatThrownBy(() -> client.schedule(null, jid, ok)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.schedule(start.minus(Duration.ofDays(1)), jid, ok))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past");
        for (String bad : new String[] {null, "", "628121", "../x@s.whatsapp.net", "a b@s.whatsapp.net", "x@example.com"}) {
            assertThatThrownBy(() -> client.schedule(start.plusSeconds(5), bad, ok))
                    .as("recipient %s", bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> client.schedule(start.plusSeconds(5), jid, BufferJson.object()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.schedule(start.plusSeconds(5), jid, (ObjectNode) null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.schedule(start.plusSeconds(5), jid, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.listScheduledJobs()).isEmpty();
        ScheduledSend s = client.schedule(start.plusSeconds(5), jid, "fine");
        assertThat(store.listScheduledJobs()).extracting(ScheduledJob::id).containsExactly(s.id());
        assertThat(s.cancel()).isTrue();
        assertThat(s.cancel()).isFalse();
        assertThat(store.listScheduledJobs()).isEmpty();
        assertThatThrownBy(() -> client("c10b", auth("c10b"), messages(), sim(clock), clock).bindQueueSize(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bindQueueSize");
    }

    @Test
    @DisplayName("C11: a dropped connection reconnects with backoff and resumes without a QR")
    void dropReconnects() {
        Clock clock = new MutableClock(start);
        SimulatedWhatsApp sim = sim(clock);
        Client client = track(client("c11", auth("c11"), messages(), sim, clock).build());
        EventRecorder events = new EventRecorder(client);
        client.connect();
        events.await(ClientEvent.Connected.class);
        sim.dropConnection();
        ClientEvent.Disconnected d = events.await(ClientEvent.Disconnected.class, x -> x.statusCode() == 408, 1);
        assertThat(d.loggedOut()).isFalse();
        assertThat(d.willReconnect()).isTrue();
        events.await(ClientEvent.Connected.class, x -> true, 2);
        assertThat(events.all(ClientEvent.Reconnecting.class)).isNotEmpty()
                .allMatch(r -> r.delay().compareTo(Duration.ofMillis(50)) <= 0);
        assertThat(events.all(ClientEvent.Qr.class)).hasSize(1);
    }

    @Test
    @DisplayName("C12: a job held by a claimer that died is fired once its lease runs out")
    void deadClaimerLosesItsLease() {
        MutableClock clock = new MutableClock(start);
        SimulatedWhatsApp sim = sim(clock);
        MessageStore store = messages();
        ScheduledJob job = ScheduledJob.create("orphan-1", start.minusSeconds(10), "6281211111111@s.whatsapp.net",
                BufferJson.object().put("text", "orphaned"));
        store.saveScheduledJob(job.claimed("crashed/owner", start.plusSeconds(30)));
        Client client = track(client("c12", auth("c12"), store, sim, clock).build());
        EventRecorder events = new EventRecorder(client);
        client.connect();
        events.await(ClientEvent.Connected.class);
        assertThat(store.getScheduledJob("orphan-1")).isPresent();
        clock.advance(Duration.ofSeconds(31));
        ClientEvent.ScheduleSent sent = events.await(ClientEvent.ScheduleSent.class);

        assertThat(sent.job().id()).isEqualTo("orphan-1");
        assertThat(sent.job().attempts()).isEqualTo(2);
        assertThat(sim.sent()).extracting(m -> m.text().orElse("")).containsExactly("orphaned");
        assertThat(store.getScheduledJob("orphan-1")).isEmpty();
    }

    @Test
    @DisplayName("C13: logout() logs the device out, clears the session and does not reconnect; close() reports a final disconnect")
    void logoutClearsAndStops() {
        Clock clock = new MutableClock(start);
        SimulatedWhatsApp sim = sim(clock);
        AuthStoreBundle auth = auth("c13");
        Client client = track(client("c13", auth, messages(), sim, clock).build());
        EventRecorder events = new EventRecorder(client);
        client.connect();
        events.await(ClientEvent.Connected.class);
        sim.settle();
        client.logout();
        ClientEvent.Disconnected d = events.await(ClientEvent.Disconnected.class, ClientEvent.Disconnected::loggedOut, 1);
        sim.settle();

        assertThat(d.willReconnect()).isFalse();
        assertThat(auth.readCreds()).isEmpty();
        assertThat(auth.listKeyIds()).isEmpty();
        assertThat(events.all(ClientEvent.Reconnecting.class)).allMatch(r -> r.attempt() == 1);
        assertThat(client.isConnected()).isFalse();

        Client other = track(client("c13b", auth("c13b"), messages(), sim(clock), clock).build());
        EventRecorder otherEvents = new EventRecorder(other);
        other.connect();
        otherEvents.await(ClientEvent.Connected.class);
        other.close();
        ClientEvent.Disconnected last = otherEvents.await(ClientEvent.Disconnected.class, x -> !x.willReconnect(), 1);
        assertThat(last.reason()).isEqualTo(dev.zaileys.socket.DisconnectReason.CONNECTION_CLOSED);
    }
}
