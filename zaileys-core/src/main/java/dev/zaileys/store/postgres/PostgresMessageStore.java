package dev.zaileys.store.postgres;

import dev.zaileys.store.jdbc.JdbcMessageStore;
import dev.zaileys.store.jdbc.SqlSession;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * A message store (messages, chats, contacts, presence, scheduled jobs) in PostgreSQL: the Node
 * original's tables {@code zaileys_messages}, {@code zaileys_chats}, {@code zaileys_contacts},
 * {@code zaileys_presence} (jsonb documents), plus {@code zaileys_jobs} for scheduled jobs, so
 * the original can still read a database written here.
 *
 * <p>Options as {@link PostgresAuthStore}. A batch of messages is one multi-row upsert, in the
 * same transaction as the rest of its batch. While the server is down calls fail with
 * {@code STORE_CONNECTION_FAILED} after a few seconds, and work again once it is back.
 *
 * <pre>{@code
 * var store = PostgresMessageStore.builder().connectionString(System.getenv("DATABASE_URL")).build();
 * }</pre>
 */
public final class PostgresMessageStore extends JdbcMessageStore {

    /** Rows per upsert statement: bounds one statement's size on very large saveMessages calls. */
    private static final int UPSERT_ROWS = 2_000;

    private final PostgresOptions options;
    private final String upsertMany;

    private PostgresMessageStore(PostgresOptions options) {
        super(options::open, PostgresDialect.INSTANCE, options.tables());
        this.options = options;
        // One statement for the whole batch: five arrays in, unnest() pairs them up into rows.
        upsertMany = "INSERT INTO " + options.tables().q("messages") + " (remote_jid, id, from_me, \"timestamp\", data) "
                + "SELECT r, i, f, t, d::jsonb FROM unnest(?::text[], ?::text[], ?::boolean[], ?::bigint[], ?::text[]) "
                + "AS u(r, i, f, t, d) ON CONFLICT (remote_jid, id, from_me) DO UPDATE SET "
                + "\"timestamp\" = excluded.\"timestamp\", data = excluded.data";
    }

    @Override
    protected void upsertMessages(SqlSession s, List<MessageRow> rows) throws SQLException {
        Connection c = s.connection();
        for (int from = 0; from < rows.size(); from += UPSERT_ROWS) {
            List<MessageRow> chunk = rows.subList(from, Math.min(rows.size(), from + UPSERT_ROWS));
            int n = chunk.size();
            String[] jids = new String[n];
            String[] ids = new String[n];
            Boolean[] fromMe = new Boolean[n];
            Long[] timestamps = new Long[n];
            String[] data = new String[n];
            for (int k = 0; k < n; k++) {
                MessageRow row = chunk.get(k);
                jids[k] = row.key().remoteJid();
                ids[k] = row.key().id();
                fromMe[k] = row.key().fromMe();
                timestamps[k] = row.timestamp();
                data[k] = new String(row.data(), StandardCharsets.UTF_8);
            }
            PreparedStatement ps = s.prepare(upsertMany);
            ps.setArray(1, c.createArrayOf("text", jids));
            ps.setArray(2, c.createArrayOf("text", ids));
            ps.setArray(3, c.createArrayOf("bool", fromMe));
            ps.setArray(4, c.createArrayOf("int8", timestamps));
            ps.setArray(5, c.createArrayOf("text", data));
            ps.executeUpdate();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a {@link PostgresMessageStore}; validated by {@link #build()}. */
    public static final class Builder {
        private String connectionString;
        private DataSource pool;
        private Integer max;
        private String session;

        private Builder() {}

        /** {@code postgres://user:password@host:port/database?param=...}; the store owns its pool. */
        public Builder connectionString(String connectionString) {
            this.connectionString = connectionString;
            return this;
        }

        /** A DataSource you own and close (typically a pool shared by many stores). */
        public Builder pool(DataSource pool) {
            this.pool = pool;
            return this;
        }

        /** The most connections of the pool made from {@code connectionString}; default 10. */
        public Builder max(int max) {
            this.max = max;
            return this;
        }

        /**
         * Keeps this store's data apart from other sessions in the same database: {@code [a-z0-9_-]},
         * 1 to 32 characters, tables {@code zaileys_s_<session>__*}. Default (null or
         * {@code "default"}): the Node original's tables. See {@link PostgresSessions}.
         */
        public Builder session(String session) {
            this.session = session;
            return this;
        }

        /**
         * @throws dev.zaileys.store.ZaileysStoreException {@code STORE_CONNECTION_FAILED} when both
         *     or neither of connectionString and pool are set, or the string is malformed
         */
        public PostgresMessageStore build() {
            return new PostgresMessageStore(PostgresOptions.of(connectionString, pool, max, session));
        }
    }

    @Override
    public String toString() {
        return "PostgresMessageStore[" + options + "]";
    }
}
