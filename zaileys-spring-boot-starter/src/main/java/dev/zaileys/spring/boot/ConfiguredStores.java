package dev.zaileys.spring.boot;

import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.stores.StoreUri;
import java.net.URI;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;

/** Store URIs from properties: errors name the property, and PostgreSQL finds the application's pool. */
final class ConfiguredStores {

    private ConfiguredStores() {}

    static StoreUri parse(String property, String text) {
        try {
            return StoreUri.parse(text);
        } catch (ZaileysStoreException e) {
            // the whole story is in the message; a cause would be the same words without the property
            throw new ZaileysStoreException(e.code(), property + ": " + detail(e));
        }
    }

    static ZaileysStoreException invalid(String property, String why) {
        return ZaileysStoreException.invalid(property + ": " + why);
    }

    /**
     * The application's DataSource for a PostgreSQL URI, or null for a pool of the store's own:
     * {@code postgres:} alone needs one; a full URI takes it when it reaches the same database
     * (host, port and name), so one process keeps one pool per database.
     */
    static DataSource applicationPool(String property, StoreUri uri, ObjectProvider<DataSource> dataSources) {
        if (!uri.scheme().startsWith("postgres")) {
            return null;
        }
        DataSource ds = dataSources.getIfUnique();
        if (uri.onApplicationPool()) {
            if (ds == null) {
                throw invalid(property, "'" + uri + "' uses the application's DataSource, but it has "
                        + (dataSources.stream().findAny().isPresent() ? "several (mark one @Primary)"
                        : "none (set spring.datasource.url to a PostgreSQL database, or give the server: "
                        + "postgres://user:password@host:5432/db)"));
            }
            String where = describe(ds);
            if (where == null) {
                throw invalid(property, "'" + uri + "' uses the application's DataSource, which is not a PostgreSQL database");
            }
            return ds;
        }
        if (ds == null) {
            return null;
        }
        String where;
        try {
            where = describe(ds);
        } catch (ZaileysStoreException e) {
            // this store names its own server; an application pool that is down now is no reason to fail
            return null;
        }
        return where != null && where.equals(target(uri.postgresConnectionString().orElseThrow())) ? ds : null;
    }

    /** The application's Redis for {@code redis:} alone; an actionable error when it has none. */
    static ApplicationRedis applicationRedis(String property, StoreUri uri, ObjectProvider<ApplicationRedis> redis) {
        ApplicationRedis r = redis.getIfAvailable();
        if (r == null) {
            throw invalid(property, "'" + uri + "' uses the application's Redis connection, but it has no Lettuce "
                    + "connection factory (add spring-boot-starter-data-redis and spring.data.redis.host, or give the "
                    + "server: redis://host:6379)");
        }
        return r;
    }

    /**
     * {@code host:port/db} of a PostgreSQL DataSource, or null for another database. Asks the
     * driver (one connection at start-up), so any pool implementation works.
     */
    private static String describe(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            if (!"PostgreSQL".equalsIgnoreCase(md.getDatabaseProductName())) {
                return null;
            }
            String url = md.getURL();
            return url == null ? null : target(url.startsWith("jdbc:") ? url.substring(5) : url);
        } catch (SQLException e) {
            throw new ZaileysStoreException(ZaileysStoreException.Code.STORE_CONNECTION_FAILED,
                    "the application's DataSource cannot be reached: " + StoreUri.redact(e.getMessage()), e);
        }
    }

    /** {@code host:port/db} of a {@code postgres(ql)://} URL; credentials and options left out. */
    private static String target(String url) {
        try {
            URI u = URI.create(url.replaceFirst("^postgres(ql)?:", "postgresql:"));
            String host = Objects.requireNonNullElse(u.getHost(), "localhost").toLowerCase(Locale.ROOT);
            if (host.equals("127.0.0.1") || host.equals("::1") || host.equals("[::1]")) {
                host = "localhost";
            }
            int port = u.getPort() < 0 ? 5432 : u.getPort();
            String path = u.getPath() == null ? "" : u.getPath();
            return host + ":" + port + path;
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    static byte[] key(String property, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            // the value itself is a secret: never in the message
            throw invalid(property, "is not base64; give 32 random bytes, base64-encoded (openssl rand -base64 32)");
        }
        if (key.length != 32) {
            throw invalid(property, "must be 32 bytes (AES-256), base64-encoded; it decodes to " + key.length
                    + " bytes (openssl rand -base64 32 makes one)");
        }
        return key;
    }

    private static String detail(ZaileysStoreException e) {
        String prefix = e.code() + ": ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }
}
