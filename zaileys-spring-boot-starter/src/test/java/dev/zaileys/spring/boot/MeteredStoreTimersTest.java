package dev.zaileys.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zaileys.metrics.MeteredMessageStore;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timers are made once per operation and outcome, and every call lands in the right one. */
class MeteredStoreTimersTest {

    @Test
    void eachOutcomeHasItsOwnTimerAndCountsEveryCall() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MessageStore store = MeteredMessageStore.wrap(new MemoryMessageStore(), registry, List.of());
        for (int i = 0; i < 3; i++) {
            store.getChat("1@s.whatsapp.net");
        }
        Timer success = timer(registry, "getChat", "success");
        assertThat(success.count()).isEqualTo(3);

        store.close();
        assertThatThrownBy(() -> store.getChat("1@s.whatsapp.net")).isInstanceOf(ZaileysStoreException.class);
        assertThat(timer(registry, "getChat", "store_closed").count()).isEqualTo(1);
        assertThat(success.count()).isEqualTo(3);
        // one meter per operation and outcome, however many calls
        assertThat(registry.find("zaileys.store.operations").timers()).hasSize(2);
    }

    @Test
    void aFailureOutsideTheStoreContractIsAnError() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MessageStore memory = new MemoryMessageStore();
        MessageStore failing = (MessageStore) Proxy.newProxyInstance(MessageStore.class.getClassLoader(),
                new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listChats")) {
                        throw new IllegalStateException("boom");
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        MessageStore store = MeteredMessageStore.wrap(failing, registry, List.of());
        assertThatThrownBy(store::listChats).hasMessage("boom");
        assertThat(timer(registry, "listChats", "error").count()).isEqualTo(1);
    }

    private static Timer timer(SimpleMeterRegistry registry, String operation, String outcome) {
        return registry.get("zaileys.store.operations").tags("operation", operation, "outcome", outcome).timer();
    }
}
