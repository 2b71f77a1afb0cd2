package dev.zaileys.store.convex;

import dev.zaileys.model.Ids;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The options both Convex stores take: exactly one of {@code url} (the store builds and closes its
 * client) and {@code client} (one you own), and {@code namespace}. Validated when the store is built.
 */
public final class ConvexOptions {

    /** Options of a Convex store; {@link #build()} validates them and builds the store. */
    public static final class Builder<S> {

        private final ConvexOptions options = new ConvexOptions();
        private final java.util.function.Function<Kv, S> factory;

        Builder(java.util.function.Function<Kv, S> factory) {
            this.factory = factory;
        }

        /** The deployment URL ({@code https://<deployment>.convex.cloud}); the store builds and closes its client. */
        public Builder<S> url(String url) {
            options.url = url;
            return this;
        }

        /** A client you own (share one between stores); the store never closes it. */
        public Builder<S> client(ConvexClient client) {
            options.client = client;
            return this;
        }

        /** The partition of {@code zaileys_kv} this store uses; default {@code zaileys}. */
        public Builder<S> namespace(String namespace) {
            options.namespace = namespace;
            return this;
        }

        /** Time limit of one request of the client built from {@link #url}; default 30 s. */
        public Builder<S> timeout(Duration timeout) {
            options.timeout = timeout;
            return this;
        }

        /**
         * @throws dev.zaileys.model.ZaileysStoreException {@code STORE_CONNECTION_FAILED} when both or
         *     neither of url and client are set, or the url or namespace is malformed
         */
        public S build() {
            return factory.apply(options.open());
        }
    }

    static final String DEFAULT_NAMESPACE = "zaileys";

    private ConvexOptions() {}

    String url;
    ConvexClient client;
    String namespace = DEFAULT_NAMESPACE;
    Duration timeout = ConvexHttpClient.DEFAULT_TIMEOUT;

    Kv open() {
        if ((url == null) == (client == null)) {
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, url == null
                    ? "pass either url (the store builds its own Convex client) or client (one you own)"
                    : "pass url or client, not both");
        }
        String ns;
        try {
            ns = Ids.requireName(namespace, "namespace");
        } catch (ZaileysStoreException e) {
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, "bad Convex namespace: " + e.getMessage(), e);
        }
        return url != null ? new Kv(ConvexHttpClient.create(url, timeout), ns, true) : new Kv(client, ns, false);
    }

    /**
     * Fills url and namespace from a store URI: {@code convex:https://<host>[/path]?namespace=<ns>} (the
     * {@code convex:} scheme is optional).
     */
    static ConvexOptions fromUri(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, "the Convex URI is empty");
        }
        String s = uri.trim();
        if (s.regionMatches(true, 0, "convex:", 0, 7)) {
            s = s.substring(7);
        }
        ConvexOptions settings = new ConvexOptions();
        URI parsed;
        try {
            parsed = new URI(s);
        } catch (URISyntaxException e) {
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, "the Convex URI is not a URI: " + e.getReason());
        }
        String query = parsed.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (name.equals("namespace")) {
                    settings.namespace = value;
                } else if (!name.isEmpty()) {
                    throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED,
                            "unknown Convex URI parameter '" + name + "' (known: namespace)");
                }
            }
            s = s.substring(0, s.indexOf('?'));
        }
        settings.url = s;
        return settings;
    }
}
