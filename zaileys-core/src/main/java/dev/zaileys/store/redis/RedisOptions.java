package dev.zaileys.store.redis;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Options of {@link RedisAuthStore} and {@link RedisMessageStore}, named as in the seed: exactly
 * one of {@code url} (the store creates, connects and closes its own connection) and
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

    public static Builder builder() {
        return new Builder();
    }

    /** Options for an owned connection to {@code url}. */
    public static RedisOptions url(String url) {
        return builder().url(url).build();
    }

    /** The URL of an owned connection (namespace parameter removed), or null. */
    public String url() {
        return url;
    }

    /** The URL with its password masked, for messages and logs. */
    public String maskedUrl() {
        return url == null ? "(provided connection)" : mask(url);
    }

    /** The caller's connection, or null. */
    Object client() {
        return client;
    }

    public String namespace() {
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

    /** Builds {@link RedisOptions}; {@link #build()} checks them. */
    public static final class Builder {
        private String url;
        private Object client;
        private String namespace;

        private Builder() {}

        /** A {@code redis://} or {@code rediss://} URL; the store owns the connection it opens. */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /**
         * A connected Lettuce connection with the UTF-8 string codec that you own: the store never
         * closes it. One that is not open is refused with {@code STORE_CONNECTION_FAILED}.
         */
        public Builder client(io.lettuce.core.api.StatefulRedisConnection<String, String> connection) {
            this.client = connection;
            return this;
        }

        /** Prefix of every key; default {@value RedisOptions#DEFAULT_NAMESPACE}. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /**
         * @throws ZaileysStoreException {@code STORE_CONNECTION_FAILED} when both or neither of
         *     {@code url} and {@code client} are set or the URL is not a Redis URL;
         *     {@code STORE_INVALID_INPUT} for a bad namespace
         */
        public RedisOptions build() {
            if ((url == null) == (client == null)) {
                throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED,
                        "pass exactly one of url (the store opens and closes its connection) and client "
                                + "(a connection you own); got " + (url == null ? "neither" : "both"));
            }
            String ns = namespace;
            String cleanUrl = url;
            if (url != null) {
                String trimmed = url.trim();
                if (!trimmed.startsWith("redis://") && !trimmed.startsWith("rediss://")
                        && !trimmed.startsWith("redis-socket://")) {
                    throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED,
                            "not a Redis URL (expected redis://host:port): " + mask(trimmed));
                }
                int q = trimmed.indexOf('?');
                if (q >= 0) {
                    StringBuilder rest = new StringBuilder();
                    for (String param : trimmed.substring(q + 1).split("&")) {
                        if (param.startsWith("namespace=")) {
                            String fromUrl = URLDecoder.decode(param.substring("namespace=".length()), StandardCharsets.UTF_8);
                            if (ns == null) {
                                ns = fromUrl;
                            } else if (!ns.equals(fromUrl)) {
                                throw new ZaileysStoreException(Code.STORE_INVALID_INPUT,
                                        "the URL names namespace '" + fromUrl + "' but the options name '" + ns + "'");
                            }
                        } else if (!param.isEmpty()) {
                            rest.append(rest.length() == 0 ? "" : "&").append(param);
                        }
                    }
                    trimmed = trimmed.substring(0, q) + (rest.length() == 0 ? "" : "?" + rest);
                }
                cleanUrl = trimmed;
            }
            if (ns == null) {
                ns = DEFAULT_NAMESPACE;
            }
            checkNamespace(ns);
            return new RedisOptions(cleanUrl, client, ns);
        }
    }

    private static void checkNamespace(String ns) {
        if (ns.isEmpty() || ns.length() > MAX_NAMESPACE_LENGTH) {
            throw new ZaileysStoreException(Code.STORE_INVALID_INPUT,
                    "namespace must be 1 to " + MAX_NAMESPACE_LENGTH + " characters");
        }
        for (int i = 0; i < ns.length(); i++) {
            char c = ns.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw new ZaileysStoreException(Code.STORE_INVALID_INPUT,
                        "namespace must not contain spaces or control characters");
            }
        }
    }
}
