package dev.zaileys.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import org.junit.jupiter.api.Test;

/**
 * The library's tests run without Micrometer (the surefire configuration leaves it out): this
 * proves it is really absent, so every other test of the module is a test without it.
 */
class NoMicrometerTest {

    @Test
    void micrometerIsNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void storesOpenAndProbeWithoutIt() {
        StoreUri uri = StoreUri.parse("memory:");
        try (MessageStore m = uri.openMessageStore(); AuthStoreBundle a = uri.openAuthStore()) {
            assertThat(StoreProbe.probe(m).reachable()).isTrue();
            assertThat(StoreProbe.probe(a).backend()).isEqualTo("memory");
        }
    }
}
