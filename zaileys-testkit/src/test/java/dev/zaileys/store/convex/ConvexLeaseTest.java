package dev.zaileys.store.convex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.SessionLease;
import dev.zaileys.testing.TestConvex;
import dev.zaileys.testkit.Fixtures;
import dev.zaileys.testkit.SessionLeaseContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ConvexAuthStore lease (convex-test backend over HTTP)")
class ConvexLeaseTest extends SessionLeaseContract<ConvexAuthStore> {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final TestConvex convex = TestConvex.shared();

    @Override
    protected ConvexAuthStore newStore() {
        return ConvexAuthStore.builder().url(convex.url()).namespace("lease-" + SEQ.incrementAndGet()).build();
    }

    @Override
    protected ConvexAuthStore reopen(ConvexAuthStore store) {
        return ConvexAuthStore.builder().url(convex.url()).namespace(store.namespace()).build();
    }

    /**
     * L5 checks a clear that starts after the takeover; a clear takes several mutations, so here
     * the takeover lands after it started, just before its first delete reaches the deployment: a
     * check made by an earlier call would pass and the delete would then wipe the new owner's
     * session.
     */
    @Test
    @DisplayName("a takeover landing inside clear(): the stale owner deletes nothing (the epoch is checked in the deleting mutation itself)")
    void takeoverDuringClearDeletesNothing() {
        AtomicReference<Runnable> beforeDelete = new AtomicReference<>();
        try (ConvexHttpClient http = ConvexHttpClient.create(convex.url())) {
            ConvexClient racing = new ConvexClient() {
                @Override
                public JsonNode query(String path, ObjectNode args) {
                    return http.query(path, args);
                }

                @Override
                public JsonNode mutation(String path, ObjectNode args) {
                    if (path.startsWith("zaileys:clear")) {
                        Runnable takeover = beforeDelete.getAndSet(null);
                        if (takeover != null) {
                            takeover.run();
                        }
                    }
                    return http.mutation(path, args);
                }
            };
            String namespace = "lease-clear-" + SEQ.incrementAndGet();
            try (ConvexAuthStore old = ConvexAuthStore.builder().client(racing).namespace(namespace).build();
                 ConvexAuthStore fresh = ConvexAuthStore.builder().url(convex.url()).namespace(namespace).build()) {
                SessionLease.Lease stale = old.lease().orElseThrow().acquire(TTL, Duration.ZERO);
                old.writeCreds(Fixtures.creds());
                old.write(Map.of("pre-key", Map.of("1", JsonNodeFactory.instance.objectNode().put("v", 1))));
                AtomicReference<SessionLease.Lease> now = new AtomicReference<>();
                beforeDelete.set(() -> {
                    stale.close(); // in production: it expired while its owner paused
                    now.set(fresh.lease().orElseThrow().acquire(TTL, Duration.ZERO));
                });
                assertThatThrownBy(old::clear).isInstanceOfSatisfying(ZaileysStoreException.class,
                        e -> assertThat(e.code()).isEqualTo(Code.STORE_FENCED));
                assertThat(now.get()).as("the takeover ran inside clear()").isNotNull();
                assertThat(fresh.readCreds()).isPresent();
                assertThat(fresh.read("pre-key", List.of("1"))).containsOnlyKeys("1");
                now.get().close();
            }
        }
    }
}
