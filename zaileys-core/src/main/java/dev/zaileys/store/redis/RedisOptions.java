package dev.zaileys.store.redis;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.internal.OwnedOrProvided;
import dev.zaileys.store.internal.UrlNamespace;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Function;

/**
 * The options of {@link RedisAuthStore} and {@link RedisMessageStore}, named as in the seed:
 * exactly one of {@code url} (the store creates, connects and closes its own connection) and
 * {@code client} (a connected Lettuce {@code StatefulRedisConnection<String, String>} that you
 * own and close), and a {@code namespace} (default {@code zaileys}) that prefixes every key.
 *
 * <p>A {@code url} may carry {@code ?namespace=...}, as the command-line store URIs do
 * ({@code redis://host:6379?namespace=wa}); it is taken as the namespace unless one is set.
 */
public final class RedisOptions {

    /** The namespace used when none is given. */
    public static final String DEFAULT_NAMESPACE = "zaileys";

    private static final int MAX_NAMESPACE_LENGTH = 128;

    private final String url;
    private final Object client;
    private final String namespace;

    private RedisOptions(String url, Object client, String namespace) {
        this.url = url;
        this.client = client;
        this.namespace = namespace;
    }

    /** The URL of an owned connection (namespace parameter removed), or null. */
    String url() {
        return url;
    }

    /** The URL with its password masked, for messages and logs. */
    String maskedUrl() {
        return url == null ? "(provided connection)" : mask(url);
    }

    /** The caller's connection, or null. */
    Object client() {
        return client;
    }

    String namespace() {
        return namespace;
    }

    @Override
    public String toString() {
        return "RedisOptions[" + maskedUrl() + ", namespace=" + namespace + "]";
    }

    /** Masks the password of a {@code redis://user:password@host} URL. */
    static String mask(String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String masked = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return url.substring(0, scheme + 3) + masked + url.substring(at);
    }

    /** Options of a Redis store; {@link #build()} validates them and builds the store. */
    public static final class Builder<S> {
        private final Function<RedisOptions, S> factory;
        private String url;
        private Object client;
        private String namespace;

        Builder(Function<RedisOptions, S> factory) {
            this.factory = factory;
        }

        /** A {@code redis://} or {@code rediss://} URL; the store owns the connection it opens. */
        public Builder<S> url(String url) {
            this.url = url;
            return this;
        }

        /**
         * A connected Lettuce connection with the UTF-8 string codec that you own: the store never
         * closes it. One that is not open is refused with {@code STORE_CONNECTION_FAILED}.
         */
        public Builder<S> client(io.lettuce.core.api.StatefulRedisConnection<String, String> connection) {
            this.client = connection;
            return this;
        }

        /**
         * Prefix of every key: 1 to 128 characters, no spaces; default {@value RedisOptions#DEFAULT_NAMESPACE}.
         * A namespace holding {@code :} or {@code %} is written in keys with those two
         * percent-encoded ({@code a:b} as {@code a%3Ab}), so that no two namespaces share a key
         * (unencoded, {@code p:auth}'s keys would be {@code p}'s); every other namespace is the
         * key prefix as given, the Node original's layout.
         */
        public Builder<S> namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /**
         * Validates the options, then connects (or adopts the provided connection) and checks the
         * server's persistence.
         *
         * @throws ZaileysStoreException {@code STORE_INVALID_INPUT} when both or neither of
         *     {@code url} and {@code client} are set, the URL is not a Redis URL or the namespace
         *     is bad (nothing is connected then); {@code STORE_NOT_AVAILABLE} without Lettuce;
         *     {@code STORE_CONNECTION_FAILED} when Redis cannot be reached
         */
        public S build() {
            return factory.apply(of(url, client, namespace));
        }
    }

    static RedisOptions of(String url, Object client, String namespace) {
        if (!OwnedOrProvided.owned("url", url, "client", client)) {
            return new RedisOptions(null, client, checkedNamespace(namespace));
        }
        String trimmed = url.trim();
        if (!trimmed.startsWith("redis://") && !trimmed.startsWith("rediss://") && !trimmed.startsWith("redis-socket://")) {
            throw ZaileysStoreException.invalid("not a Redis URL (expected redis://host:port): " + mask(trimmed));
        }
        UrlNamespace split = UrlNamespace.split(trimmed, namespace);
        if (!trimmed.startsWith("redis-socket://")) {
            checkPort(split.url());
        }
        return new RedisOptions(split.url(), null, checkedNamespace(split.namespace()));
    }

    /**
     * Lettuce reads a port it cannot parse as part of the host name and then reports an
     * unreachable host, which looks like an outage; checked here so it is the mistake it is.
     */
    private static void checkPort(String url) {
        String authority;
        try {
            authority = new URI(url).getRawAuthority();
        } catch (URISyntaxException e) {
            throw ZaileysStoreException.invalid("not a valid Redis URL: " + mask(url));
        }
        if (authority == null) {
            throw ZaileysStoreException.invalid("the Redis URL names no host: " + mask(url));
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || colon < hostPort.lastIndexOf(']')) {
            return; // no port (an IPv6 literal's colons are inside its brackets)
        }
        String port = hostPort.substring(colon + 1);
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
            throw ZaileysStoreException.invalid("the port of the Redis URL must be 1 to 65535; got '" + port + "'");
        }
    }

    static String checkedNamespace(String ns) {
        if (ns == null) {
            return DEFAULT_NAMESPACE;
        }
        if (ns.isEmpty() || ns.length() > MAX_NAMESPACE_LENGTH) {
            throw ZaileysStoreException.invalid("namespace must be 1 to " + MAX_NAMESPACE_LENGTH + " characters");
        }
        for (int i = 0; i < ns.length(); i++) {
            char c = ns.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw ZaileysStoreException.invalid("namespace must not contain spaces or control characters");
            }
        }
        return ns;
    }
}
