package dev.zaileys.store.convex;

import dev.zaileys.store.Ids;
import dev.zaileys.store.ZaileysStoreException;
import dev.zaileys.store.ZaileysStoreException.Code;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The options both stores take ({@code url} or {@code client}, {@code namespace}), validated in {@link #open()}. */
final class Settings {

    static final String DEFAULT_NAMESPACE = "zaileys";

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
            ns = Ids.require(namespace, "namespace");
        } catch (ZaileysStoreException e) {
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, "bad Convex namespace: " + e.getMessage(), e);
        }
        return url != null ? new Kv(ConvexHttpClient.create(url, timeout), ns, true) : new Kv(client, ns, false);
    }

    /**
     * Fills url and namespace from a store URI: {@code convex:https://<host>[/path]?namespace=<ns>} (the
     * {@code convex:} scheme is optional).
     */
    static Settings fromUri(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new ZaileysStoreException(Code.STORE_CONNECTION_FAILED, "the Convex URI is empty");
        }
        String s = uri.trim();
        if (s.regionMatches(true, 0, "convex:", 0, 7)) {
            s = s.substring(7);
        }
        Settings settings = new Settings();
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
