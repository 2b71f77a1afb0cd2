package dev.zaileys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zaileys.model.ZaileysStoreException;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * A store URI whose options the store's builder refuses (STORE_INVALID_INPUT) is a usage error,
 * exit code 2, before anything connects; one whose server is down is not.
 */
class StoresTest {

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void badRedisOptionsAreAUsageErrorWithoutThePassword() throws IOException {
        String base = "redis://u:hunter2@127.0.0.1:" + closedPort();
        for (String uri : new String[] {base + "?namespace=", base + "?namespace=a%20b", "redis://u:hunter2@127.0.0.1:port"}) {
            try (Stores.Backend b = Stores.open(uri)) {
                assertThatThrownBy(b::auth).as(uri).isInstanceOf(UsageException.class)
                        .hasMessageContaining("STORE_INVALID_INPUT").message().doesNotContain("hunter2");
                assertThatThrownBy(b::messages).as(uri).isInstanceOf(UsageException.class);
            }
        }
        try (Stores.Backend down = Stores.open(base + "?namespace=wa")) {
            // Redis stores connect at first use (issue 12): the down server is the first call's error.
            assertThatThrownBy(() -> down.auth().readCreds()).isInstanceOfSatisfying(ZaileysStoreException.class,
                    e -> assertThat(e.code()).isEqualTo(ZaileysStoreException.Code.STORE_CONNECTION_FAILED));
        }
    }

    @Test
    void badConvexOptionsAreAUsageErrorAtOnce() {
        assertThatThrownBy(() -> Stores.open("convex:ftp://x.convex.cloud")).isInstanceOf(UsageException.class)
                .hasMessageContaining("http(s)://<host>");
        assertThatThrownBy(() -> Stores.open("convex:https://x.convex.cloud?namespace=")).isInstanceOf(UsageException.class)
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> Stores.open("convex:https://x.convex.cloud?nameSpace=wa")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown Convex url parameter");
        try (Stores.Backend ok = Stores.open("convex:https://x.convex.cloud?namespace=wa")) {
            assertThat(ok.hasAuth()).isTrue();
        }
    }
}
