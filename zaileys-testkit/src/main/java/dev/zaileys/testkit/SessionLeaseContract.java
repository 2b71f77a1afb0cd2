package dev.zaileys.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.SessionLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The lease contract every auth store with a lease keeps: one holder at a time, named to whoever
 * is refused; release and expiry free it; every acquisition raises the epoch; a store whose lease
 * was taken over cannot write creds, keys or clear (STORE_FENCED, nothing applied), while the new
 * owner's data stays whole. Two instances on one session stand for two processes; the
 * multi-process behaviour itself is {@code LeaseProcessTest}'s.
 */
public abstract class SessionLeaseContract<S extends AuthStoreBundle> {

    /** Short, so expiry tests stay quick; production's default is 30 s. */
    protected static final Duration TTL = Duration.ofMillis(1200);

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A store on a fresh session. */
    protected abstract S newStore();

    /** Another instance on the session of {@code store}, as another process would open it. */
    protected abstract S reopen(S store);

    /** Whether a lease nobody renews expires after its TTL (File: no, its OS lock lasts as long as the process). */
    protected boolean expiresByTtl() {
        return true;
    }

    /**
     * Whether {@link #reopen} gives another instance with its own fence (false for Memory, whose
     * data and lease live in the one instance: there is no second owner to fence out).
     */
    protected boolean separateInstances() {
        return true;
    }

    private S open() {
        return track(newStore());
    }

    private S other(S store) {
        return track(reopen(store));
    }

    private <T extends AutoCloseable> T track(T t) {
        opened.add(t);
        return t;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private static SessionLease leaseOf(AuthStoreBundle store) {
        return store.lease().orElseThrow(() -> new AssertionError(store + " has no lease"));
    }

    private static Map<String, Map<String, JsonNode>> key(String id, int value) {
        return Map.of("pre-key", Map.of(id, JsonNodeFactory.instance.objectNode().put("v", value)));
    }

    @Test
    @DisplayName("L1 a free lease is taken at epoch >= 1 and names its holder (this process)")
    void acquireFree() {
        S store = open();
        try (SessionLease.Lease lease = track(leaseOf(store).acquire(TTL, Duration.ZERO))) {
            assertThat(lease.epoch()).isPositive();
            assertThat(lease.held()).isTrue();
            assertThat(lease.holder().pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(leaseOf(other(store)).holder()).hasValueSatisfying(h -> assertThat(h.owner()).isEqualTo(lease.holder().owner()));
            store.writeCreds(Fixtures.creds());
            store.write(key("1", 1));
            assertThat(store.read("pre-key", List.of("1"))).hasSize(1);
        }
    }

    @Test
    @DisplayName("L2 a held lease is refused at once with STORE_LEASE_HELD naming host, pid and since")
    void heldIsRefused() {
        S store = open();
        SessionLease.Lease lease = track(leaseOf(store).acquire(TTL, Duration.ZERO));
        long started = System.nanoTime();
        assertThatThrownBy(() -> leaseOf(other(store)).acquire(TTL, Duration.ZERO))
                .isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(Code.STORE_LEASE_HELD);
                    assertThat(e.code().transientFailure()).isFalse();
                    assertThat(e.getMessage()).contains("pid " + ProcessHandle.current().pid())
                            .contains("on host " + lease.holder().host()).contains("since " + lease.holder().since());
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TTL);
        assertThat(lease.held()).isTrue();
    }

    @Test
    @DisplayName("L3 release frees the lease at once; the next owner gets a higher epoch")
    void releaseFrees() {
        S store = open();
        SessionLease.Lease first = leaseOf(store).acquire(TTL, Duration.ZERO);
        long epoch = first.epoch();
        first.close();
        first.close();
        assertThat(first.held()).isFalse();
        assertThat(leaseOf(store).holder()).isEmpty();
        try (SessionLease.Lease second = leaseOf(other(store)).acquire(TTL, Duration.ZERO)) {
            assertThat(second.epoch()).isGreaterThan(epoch);
        }
    }

    @Test
    @DisplayName("L4 a waiting acquirer gets the lease once the holder releases it")
    void waitsForRelease() throws Exception {
        S store = open();
        SessionLease.Lease first = leaseOf(store).acquire(TTL, Duration.ZERO);
        S second = other(store);
        CompletableFuture<SessionLease.Lease> waiting = CompletableFuture.supplyAsync(() -> leaseOf(second).acquire(TTL, Duration.ofSeconds(10)));
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        first.close();
        try (SessionLease.Lease got = waiting.get(5, TimeUnit.SECONDS)) {
            assertThat(got.epoch()).isGreaterThan(first.epoch());
        }
    }

    @Test
    @DisplayName("L5 after a takeover the old owner cannot write creds, keys, deletes or clear, and its renewal fails for good")
    void staleOwnerIsFenced() {
        if (!separateInstances()) {
            return;
        }
        S old = open();
        old.writeCreds(Fixtures.creds());
        old.write(key("1", 1));
        SessionLease.Lease stale = leaseOf(old).acquire(TTL, Duration.ZERO);
        // The old owner "pauses": its lease is freed behind its back (in production: it expired).
        stale.close();
        S fresh = other(old);
        try (SessionLease.Lease now = leaseOf(fresh).acquire(TTL, Duration.ZERO)) {
            fresh.write(key("2", 2));
            assertFenced(() -> old.writeCreds(Fixtures.creds()));
            assertFenced(() -> old.write(key("3", 3)));
            assertFenced(() -> old.write(Map.of("pre-key", Map.of("4", JsonNodeFactory.instance.objectNode().put("v", 4)),
                    "session", Map.of("s", JsonNodeFactory.instance.objectNode().put("v", 5)))));
            assertFenced(() -> old.delete("pre-key", List.of("1", "2")));
            assertFenced(old::deleteCreds);
            assertFenced(old::clear);
            assertThat(fresh.read("pre-key", List.of("1", "2", "3", "4")).keySet()).containsExactlyInAnyOrder("1", "2");
            assertThat(fresh.read("session", List.of("s"))).isEmpty();
            assertThat(fresh.readCreds()).isPresent();
            assertThat(now.held()).isTrue();
        }
    }

    @Test
    @DisplayName("L6 an unrenewed lease expires after its TTL; the old owner's renewal and writes are then refused")
    void expiresAndIsTakenOver() throws Exception {
        if (!expiresByTtl() || !separateInstances()) {
            return; // documented: the OS lock lasts as long as its process (LeaseProcessTest kills one)
        }
        S old = open();
        SessionLease.Lease stale = track(leaseOf(old).acquire(TTL, Duration.ZERO));
        S fresh = other(old);
        long started = System.nanoTime();
        try (SessionLease.Lease now = leaseOf(fresh).acquire(TTL, Duration.ofSeconds(10))) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(TTL.minusMillis(300));
            assertThat(now.epoch()).isGreaterThan(stale.epoch());
            assertThatThrownBy(stale::renew).isInstanceOfSatisfying(ZaileysStoreException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.STORE_FENCED));
            assertThat(stale.held()).isFalse();
            assertFenced(() -> old.write(key("9", 9)));
            assertThat(fresh.read("pre-key", List.of("9"))).isEmpty();
        }
    }

    @Test
    @DisplayName("L7 renewing keeps the lease past its TTL; an expired lease nobody took renews at the same epoch")
    void renewalKeepsIt() throws Exception {
        // Renewed every sixth of its TTL here, so a busy CI machine's late wake-ups cannot let it lapse.
        Duration ttl = TTL.multipliedBy(2);
        S store = open();
        S second = other(store);
        try (SessionLease.Lease lease = leaseOf(store).acquire(ttl, Duration.ZERO)) {
            for (int i = 0; i < 8; i++) {
                Thread.sleep(ttl.toMillis() / 6);
                lease.renew();
            }
            assertThatThrownBy(() -> leaseOf(second).acquire(ttl, Duration.ZERO)).isInstanceOfSatisfying(
                    ZaileysStoreException.class, e -> assertThat(e.code()).isEqualTo(Code.STORE_LEASE_HELD));
            if (expiresByTtl()) {
                Thread.sleep(ttl.toMillis() + 300);
                assertThat(leaseOf(second).holder()).isEmpty();
                long epoch = lease.epoch();
                lease.renew();
                assertThat(lease.held()).isTrue();
                assertThat(lease.epoch()).isEqualTo(epoch);
                store.write(key("1", 1));
            }
        }
    }

    @Test
    @DisplayName("L8 a bad ttl or wait is STORE_INVALID_INPUT and takes nothing")
    void badInput() {
        S store = open();
        SessionLease lease = leaseOf(store);
        for (Duration ttl : new Duration[] {null, Duration.ZERO, Duration.ofMillis(-1), Duration.ofDays(2)}) {
            assertThatThrownBy(() -> lease.acquire(ttl, Duration.ZERO)).isInstanceOfSatisfying(ZaileysStoreException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
        }
        assertThatThrownBy(() -> lease.acquire(TTL, Duration.ofSeconds(-1))).isInstanceOfSatisfying(ZaileysStoreException.class,
                e -> assertThat(e.code()).isEqualTo(Code.STORE_INVALID_INPUT));
        assertThat(lease.holder()).isEmpty();
    }

    @Test
    @DisplayName("L9 a store that never took the lease writes unfenced (tools such as import); the epoch survives release")
    void unfencedAndEpochKept() {
        S store = open();
        store.write(key("1", 1));
        long e1;
        try (SessionLease.Lease a = leaseOf(store).acquire(TTL, Duration.ZERO)) {
            e1 = a.epoch();
        }
        S tool = other(store);
        tool.write(key("2", 2));
        try (SessionLease.Lease b = leaseOf(other(store)).acquire(TTL, Duration.ZERO)) {
            assertThat(b.epoch()).isEqualTo(e1 + 1);
        }
    }

    private static void assertFenced(Runnable write) {
        assertThatThrownBy(write::run).isInstanceOfSatisfying(ZaileysStoreException.class, e -> {
            assertThat(e.code()).isEqualTo(Code.STORE_FENCED);
            assertThat(e.code().transientFailure()).isFalse();
            assertThat(e.getMessage()).contains("epoch");
        });
    }
}
