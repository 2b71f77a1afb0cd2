package dev.zaileys.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.sim.SimulatedWhatsApp;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.LeaseHolder;
import dev.zaileys.store.SessionLease;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A graceful close that lands while a renewal is in flight is a stop, not a lost lease: found by
 * the rolling-restart test, where a stopped process printed "lost" after "stopped" (the release
 * closed the lease under the renewal, which then failed as fenced).
 */
class LeaseKeeperCloseTest {

    /** A lease whose first renewal waits until the test lets it go, and fails as fenced once closed. */
    private static final class HeldRenewal implements SessionLease.Lease {
        final CountDownLatch renewing = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        volatile boolean closed;

        @Override
        public long epoch() {
            return 1;
        }

        @Override
        public LeaseHolder holder() {
            return new LeaseHolder("test", "localhost", ProcessHandle.current().pid(), Instant.EPOCH);
        }

        @Override
        public Duration ttl() {
            return Duration.ofMillis(300);
        }

        @Override
        public void renew() {
            renewing.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    if (letGo.await(10, TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    // A renewal blocked in I/O does not always notice an interrupt; this one does not.
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (closed) {
                throw new ZaileysStoreException(ZaileysStoreException.Code.STORE_FENCED, "the lease was released");
            }
        }

        @Override
        public boolean held() {
            return !closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aCloseDuringARenewalIsNotALostLease() throws Exception {
        HeldRenewal lease = new HeldRenewal();
        MemoryAuthStore memory = new MemoryAuthStore();
        AuthStoreBundle auth = (AuthStoreBundle) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AuthStoreBundle.class}, (p, m, args) -> {
                    if (m.getName().equals("lease") && m.getParameterCount() == 0) {
                        return Optional.of(new SessionLease() {
                            @Override
                            public Lease acquire(Duration ttl, Duration maxWait) {
                                return lease;
                            }

                            @Override
                            public Optional<LeaseHolder> holder() {
                                return lease.closed ? Optional.empty() : Optional.of(lease.holder());
                            }
                        });
                    }
                    try {
                        return m.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        List<ClientEvent.LeaseLost> lost = new CopyOnWriteArrayList<>();
        Client client = Client.builder().sessionId("close-during-renewal").auth(auth).store(new MemoryMessageStore())
                .socketFactory(SimulatedWhatsApp.builder().seed(3).build()).leaseTtl(Duration.ofMillis(300)).build();
        client.onLeaseLost(lost::add);
        client.connect();
        assertThat(lease.renewing.await(10, TimeUnit.SECONDS)).as("a renewal started").isTrue();

        Thread closer = new Thread(client::close, "closer");
        closer.start();
        // Time for the close to release the lease under the renewal, were it allowed to.
        Thread.sleep(300);
        lease.letGo.countDown();
        closer.join(10_000);

        assertThat(closer.isAlive()).as("close returned").isFalse();
        assertThat(lease.closed).as("the lease was released").isTrue();
        Thread.sleep(200);
        assertThat(lost).isEmpty();
    }
}
