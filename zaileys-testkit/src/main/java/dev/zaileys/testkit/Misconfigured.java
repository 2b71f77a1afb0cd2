package dev.zaileys.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.model.ZaileysStoreException.Code;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The one check every backend's options tests make: a configuration mistake comes out of
 * {@code build()} as {@code STORE_INVALID_INPUT}, which no caller retries, and never as a
 * transient code. Point the options that would connect at a closed port: a build that tried to
 * connect before validating would then fail with {@code STORE_CONNECTION_FAILED} and be caught.
 */
public final class Misconfigured {

    private Misconfigured() {}

    /**
     * Asserts that {@code build} throws {@code STORE_INVALID_INPUT} whose message contains every
     * one of {@code says} (what the caller must fix) and none of {@code secrets}.
     */
    public static ZaileysStoreException assertRefused(ThrowingCallable build, String says, String... secrets) {
        Throwable thrown = catchThrowable(build);
        assertThat(thrown).as("a configuration mistake must fail build()").isInstanceOf(ZaileysStoreException.class);
        ZaileysStoreException e = (ZaileysStoreException) thrown;
        assertThat(e.code()).as(e.getMessage()).isEqualTo(Code.STORE_INVALID_INPUT);
        assertThat(e.code().transientFailure()).isFalse();
        assertThat(e.getMessage()).contains(says);
        for (String secret : secrets) {
            assertThat(e.getMessage()).doesNotContain(secret);
        }
        return e;
    }

    /** A local port nothing listens on (it was free a moment ago), for options that must not connect. */
    public static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
