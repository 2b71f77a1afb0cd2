package dev.zaileys.store.convex;

import dev.zaileys.model.Ids;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.internal.OwnedOrProvided;
import dev.zaileys.store.internal.UrlNamespace;
import java.time.Duration;
import java.util.function.Function;

/**
 * The options both Convex stores take, as in the seed: exactly one of {@code url} (the store
 * builds and closes its client) and {@code client} (one you own), and {@code namespace}; plus
 * {@code timeout} for the client built from {@code url}.
 *
 * <p>A {@code url} may carry {@code ?namespace=...}, as the command-line store URIs do
 * ({@code https://x.convex.cloud?namespace=wa}); it is taken as the namespace unless one is set.
 */
public final class ConvexOptions {

    /** Options of a Convex store; {@link #build()} validates them and builds the store. */
    public static final class Builder<S> {

        private final Function<Kv, S> factory;
        private String url;
        private ConvexClient client;
        private String namespace;
        private Duration timeout;

        Builder(Function<Kv, S> factory) {
            this.factory = factory;
        }

        /** The deployment URL ({@code https://<deployment>.convex.cloud}); the store builds and closes its client. */
        public Builder<S> url(String url) {
            this.url = url;
            return this;
        }

        /** A client you own (share one between stores); the store never closes it. */
        public Builder<S> client(ConvexClient client) {
            this.client = client;
            return this;
        }

        /** The partition of {@code zaileys_kv} this store uses; default {@code zaileys}. */
        public Builder<S> namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** Time limit of one request of the client built from {@link #url}; default 30 s. */
        public Builder<S> timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Validates the options and builds the store; nothing is sent before its first call.
         *
         * @throws ZaileysStoreException {@code STORE_INVALID_INPUT} when both or neither of url and
         *     client are set, the url or namespace is malformed, or the timeout is not positive or
         *     set beside a client
         */
        public S build() {
            return factory.apply(ConvexOptions.of(url, client, namespace, timeout).open());
        }
    }

    static final String DEFAULT_NAMESPACE = "zaileys";

    private final String url;
    private final ConvexClient client;
    private final String namespace;
    private final Duration timeout;

    private ConvexOptions(String url, ConvexClient client, String namespace, Duration timeout) {
        this.url = url;
        this.client = client;
        this.namespace = namespace;
        this.timeout = timeout;
    }

    static ConvexOptions of(String url, ConvexClient client, String namespace, Duration timeout) {
        if (!OwnedOrProvided.owned("url", url, "client", client)) {
            if (timeout != null) {
                throw ZaileysStoreException.invalid("timeout applies to the client a url makes; set it on the client you pass");
            }
            return new ConvexOptions(null, client, checkedNamespace(namespace), null);
        }
        UrlNamespace split = UrlNamespace.split(url.trim(), namespace);
        int q = split.url().indexOf('?');
        if (q >= 0) {
            throw ZaileysStoreException.invalid("unknown Convex url parameter '" + split.url().substring(q + 1)
                    .split("[=&]", 2)[0] + "' (known: namespace)");
        }
        // The url itself and the timeout are checked by ConvexHttpClient.create, still inside build().
        Duration t = timeout == null ? ConvexHttpClient.DEFAULT_TIMEOUT : timeout;
        return new ConvexOptions(split.url(), null, checkedNamespace(split.namespace()), t);
    }

    private static String checkedNamespace(String namespace) {
        return namespace == null ? DEFAULT_NAMESPACE : Ids.requireName(namespace, "the Convex namespace");
    }

    /** The store's rows: through a client built from the url (closed with the store) or the caller's. */
    Kv open() {
        return url != null ? new Kv(ConvexHttpClient.create(url, timeout), namespace, true) : new Kv(client, namespace, false);
    }
}
