package dev.zaileys.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.sim.SimulatedWhatsApp;
import dev.zaileys.store.file.FileAuthStore;
import dev.zaileys.testkit.EventRecorder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultStoresTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreFileAuthPerSessionAndMemoryHistoryBothClosedByTheClient() {
        SimulatedWhatsApp sim = SimulatedWhatsApp.builder().history(2, 10).build();
        Client client = Client.builder().sessionId("main").authBasePath(dir).socketFactory(sim).build();
        EventRecorder events = new EventRecorder(client);
        client.connect();
        events.await(ClientEvent.Connected.class);
        sim.settle();
        assertThat(client.auth()).isInstanceOf(FileAuthStore.class);
        assertThat(((FileAuthStore) client.auth()).basePath()).isEqualTo(dir.resolve("main").toAbsolutePath());
        assertThat(dir.resolve("main/creds.json")).exists();
        assertThat(client.store().listMessageJids()).isNotEmpty();
        client.close();
        client.close();

        assertThatThrownBy(() -> client.store().listChats()).isInstanceOf(ZaileysStoreException.class)
                .extracting(e -> ((ZaileysStoreException) e).code()).isEqualTo(ZaileysStoreException.Code.STORE_CLOSED);
        assertThatThrownBy(() -> client.auth().readCreds()).isInstanceOf(ZaileysStoreException.class);
        assertThatThrownBy(client::connect).isInstanceOf(IllegalStateException.class);
        try (FileAuthStore again = FileAuthStore.builder().basePath(dir.resolve("main")).build()) {
            assertThat(again.readCreds()).isPresent();
        }
    }

    @Test
    void builderRefusesBadOptions() {
        SimulatedWhatsApp sim = SimulatedWhatsApp.builder().build();
        assertThatThrownBy(() -> Client.builder().socketFactory(sim).sessionId("../x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sessionId");
        assertThatThrownBy(() -> Client.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("socketFactory");
        assertThatThrownBy(() -> Client.builder().socketFactory(sim).scheduleRateLimitPerSec(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
