package dev.zaileys.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.testkit.DurableAuthStoreContract;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RedisAuthStore")
class RedisAuthStoreTest extends DurableAuthStoreContract<RedisAuthStore> {

    private final Map<RedisAuthStore, String> namespaces = new IdentityHashMap<>();

    @Override
    protected RedisAuthStore newStore() {
        String ns = RedisTesting.freshNamespace("auth");
        RedisAuthStore s = RedisAuthStore.builder().url(RedisTesting.url()).namespace(ns).build();
        namespaces.put(s, ns);
        return s;
    }

    @Override
    protected RedisAuthStore reopen(RedisAuthStore store) {
        RedisAuthStore s = RedisAuthStore.builder().url(RedisTesting.url()).namespace(store.namespace()).build();
        namespaces.put(s, store.namespace());
        return s;
    }

    @Override
    protected boolean corrupt(RedisAuthStore store, String type, String id) {
        Keys keys = new Keys(store.namespace());
        RedisTesting.raw().set(type == null ? keys.creds() : keys.signal(type, id), "{\"half\":");
        return true;
    }

    @Override
    protected void afterEach(RedisAuthStore store) {
        String ns = namespaces.remove(store);
        if (ns != null) {
            RedisTesting.dropNamespace(ns);
        }
    }

    // Redis does not roll a script back when a command in it fails: without a check before the
    // first write, the keys set before the failing SADD would stay, half a write set.
    @Test
    @DisplayName("R1: a write set that meets a key of the wrong type is refused whole, nothing written")
    void writeSetIsAtomicWhenAKeyHasTheWrongType() {
        RedisAuthStore store = newStore();
        try {
            Keys keys = new Keys(store.namespace());
            RedisTesting.raw().set(keys.signalIndex("session"), "not a set");
            Map<String, JsonNode> preKeys = Map.of("1", JsonNodeFactory.instance.objectNode().put("k", 1));
            Map<String, JsonNode> sessions = Map.of("s1", JsonNodeFactory.instance.objectNode().put("k", 2));
            Map<String, Map<String, JsonNode>> set = new LinkedHashMap<>();
            set.put("pre-key", preKeys);
            set.put("session", sessions);

            ZaileysStoreException e = catchThrowableOfType(() -> store.write(set), ZaileysStoreException.class);

            assertThat(RedisTesting.raw().exists(keys.signal("pre-key", "1"), keys.signal("session", "s1"),
                    keys.signalIndex("pre-key"))).as("keys written before the failure").isZero();
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo(ZaileysStoreException.Code.STORE_CORRUPTED);
            assertThat(e.getMessage()).contains(keys.signalIndex("session"));
            assertThat(store.read("pre-key", List.of("1"))).isEmpty();
        } finally {
            store.close();
            afterEach(store);
        }
    }
}
