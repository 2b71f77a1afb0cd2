/**
 * PostgreSQL stores: {@link dev.zaileys.store.postgres.PostgresAuthStore} and
 * {@link dev.zaileys.store.postgres.PostgresMessageStore}.
 *
 * <h2>Layout</h2>
 * The default session is the Node original's tables, column for column:
 * {@code zaileys_auth_creds(id, data jsonb)} (row {@code default}),
 * {@code zaileys_auth_signal(type, id, data bytea)}, {@code zaileys_messages(remote_jid, id,
 * from_me, timestamp, data jsonb)} with its {@code (remote_jid, timestamp DESC)} index,
 * {@code zaileys_chats(jid, archived, data jsonb)}, {@code zaileys_contacts(jid, data jsonb)},
 * {@code zaileys_presence(jid, data jsonb, updated_at)}; so a database the original wrote opens
 * as it is, and the original reads what these stores write. Added beside them:
 * {@code zaileys_jobs(id, fire_at, data bytea)} (bytea so that replacing a job compares exact
 * bytes) and {@code zaileys_schema_version}. jsonb normalizes documents (key order, whitespace):
 * they come back equal as JSON, not byte for byte; Signal values and jobs come back byte for byte.
 *
 * <h2>Sessions</h2>
 * Named sessions are rows of one shared set of tables, {@code zaileys_ms_<table>}, keyed by
 * {@code session} first, and a row each in {@code zaileys_sessions}; their stores never touch
 * another session's rows, merges of different sessions never wait for each other, and
 * {@link dev.zaileys.store.postgres.PostgresSessions} lists, counts and drops sessions.
 *
 * <h2>Connections</h2>
 * Stores opened from the same {@code connectionString} and {@code max} share one HikariCP pool,
 * closed with the last of them; or pass your own {@code pool} (a DataSource) to any number of
 * stores. A call borrows a connection for its duration only, so after a server restart the
 * pool replaces broken connections and calls work again; while the server is unreachable they
 * fail with {@code STORE_CONNECTION_FAILED} within a few seconds. Passwords reach the driver as a
 * property and appear in no message ({@code postgres://user:***@host/db}).
 *
 * <h2>Migrations</h2>
 * Versioned files under {@code dev/zaileys/store/sql/postgres/}, applied in one transaction at
 * the first call under a transaction-scoped advisory lock: when several processes open one
 * database at once, one migrates and the others wait, then find nothing to do.
 */
package dev.zaileys.store.postgres;
