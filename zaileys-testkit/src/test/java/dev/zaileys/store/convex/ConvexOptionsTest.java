package dev.zaileys.store.convex;

import static dev.zaileys.testkit.Misconfigured.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.testkit.Misconfigured;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Configuration mistakes of both Convex stores: STORE_INVALID_INPUT from build(). The url is a
 * closed port: building sends nothing, and a request would fail as STORE_CONNECTION_FAILED.
 */
class ConvexOptionsTest {

    private final String nowhere = "http://127.0.0.1:" + Misconfigured.closedPort();
    private final ConvexHttpClient client = ConvexHttpClient.create(nowhere);

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    @DisplayName("both or neither of url and client")
    void exactlyOneOfUrlAndClient() {
        assertRefused(() -> ConvexAuthStore.builder().url(nowhere).client(client).build(), "not both");
        assertRefused(() -> ConvexMessageStore.builder().url(nowhere).client(client).namespace("wa").build(), "not both");
        assertRefused(() -> ConvexAuthStore.builder().build(), "got neither");
        assertRefused(() -> ConvexMessageStore.builder().namespace("wa").build(), "got neither");
    }

    @Test
    @DisplayName("a url that is not an http(s) deployment URL, or has parameters other than namespace")
    void badUrl() {
        assertRefused(() -> ConvexAuthStore.builder().url("ftp://x.convex.cloud").build(), "http(s)://<host>");
        assertRefused(() -> ConvexMessageStore.builder().url(" ").build(), "url is empty");
        assertRefused(() -> ConvexAuthStore.builder().url("https://x y").build(), "not a URL");
        assertRefused(() -> ConvexAuthStore.builder().url("ftp://user:hunter2@x").build(), "http(s)://<host>", "hunter2");
        assertRefused(() -> ConvexMessageStore.builder().url(nowhere + "?nameSpace=wa").build(), "unknown Convex url parameter 'nameSpace'");
    }

    @Test
    @DisplayName("a bad namespace, from the option or the url")
    void badNamespace() {
        assertRefused(() -> ConvexAuthStore.builder().url(nowhere).namespace("").build(), "namespace");
        assertRefused(() -> ConvexMessageStore.builder().client(client).namespace("a\u0001b").build(), "namespace");
        assertRefused(() -> ConvexMessageStore.builder().client(client).namespace("x".repeat(513)).build(), "namespace");
        assertRefused(() -> ConvexAuthStore.builder().url(nowhere + "?namespace=").build(), "namespace");
        assertRefused(() -> ConvexAuthStore.builder().url(nowhere + "?namespace=a").namespace("b").build(), "'a'");
    }

    @Test
    @DisplayName("bad values: a timeout that is not positive, or set beside a client it cannot reach")
    void badTimeout() {
        assertRefused(() -> ConvexAuthStore.builder().url(nowhere).timeout(Duration.ZERO).build(), "timeout must be positive");
        assertRefused(() -> ConvexMessageStore.builder().url(nowhere).timeout(Duration.ofSeconds(-1)).build(), "timeout");
        assertRefused(() -> ConvexAuthStore.builder().client(client).timeout(Duration.ofSeconds(5)).build(),
                "set it on the client you pass");
    }

    @Test
    @DisplayName("the url may carry the namespace, as the command line's store URIs do")
    void namespaceInTheUrl() {
        try (ConvexAuthStore a = ConvexAuthStore.builder().url(nowhere + "?namespace=wa%2Dauth").build();
             ConvexMessageStore m = ConvexMessageStore.builder().url(nowhere + "?namespace=wa").namespace("wa").build();
             ConvexMessageStore d = ConvexMessageStore.builder().client(client).build()) {
            assertThat(a.namespace()).isEqualTo("wa-auth");
            assertThat(m.namespace()).isEqualTo("wa");
            assertThat(d.namespace()).isEqualTo("zaileys");
        }
    }
}
