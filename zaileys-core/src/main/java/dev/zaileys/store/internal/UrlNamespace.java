package dev.zaileys.store.internal;

import dev.zaileys.model.ZaileysStoreException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code ?namespace=} parameter taken out of a store URL, so that the URIs the command line
 * accepts ({@code redis://host:6379?namespace=wa}, {@code https://x.convex.cloud?namespace=wa})
 * also work as the {@code url} option of the namespaced stores (Redis, Convex).
 *
 * <p>Internal: public only because the backend packages use it.
 *
 * @param url       the URL without the parameter (its other parameters kept in order)
 * @param namespace the namespace the caller chose: the option, else the parameter, else null
 */
public record UrlNamespace(String url, String namespace) {

    private static final String PARAM = "namespace=";

    /**
     * @param url       a URL, maybe with a query
     * @param namespace the {@code namespace} option, or null when not set
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT} when the parameter and the option
     *     disagree, the parameter is given twice or is badly escaped
     */
    public static UrlNamespace split(String url, String namespace) {
        int q = url.indexOf('?');
        if (q < 0) {
            return new UrlNamespace(url, namespace);
        }
        String fromUrl = null;
        List<String> rest = new ArrayList<>();
        for (String param : url.substring(q + 1).split("&")) {
            if (!param.startsWith(PARAM)) {
                if (!param.isEmpty()) {
                    rest.add(param);
                }
                continue;
            }
            if (fromUrl != null) {
                throw ZaileysStoreException.invalid("the URL names its namespace twice");
            }
            fromUrl = decode(param.substring(PARAM.length()));
        }
        if (namespace != null && fromUrl != null && !namespace.equals(fromUrl)) {
            throw ZaileysStoreException.invalid("the URL names namespace '" + fromUrl + "' but the namespace option is '"
                    + namespace + "'");
        }
        String stripped = url.substring(0, q) + (rest.isEmpty() ? "" : "?" + String.join("&", rest));
        return new UrlNamespace(stripped, namespace != null ? namespace : fromUrl);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ZaileysStoreException.invalid("the namespace of the URL has a bad %-escape");
        }
    }
}
