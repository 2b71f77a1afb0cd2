/**
 * Internal: the SQL layer shared by the SQLite and PostgreSQL adapters. Not an API; its public
 * types are public only because the backend packages extend them, and they may change in any
 * release.
 *
 * <p>What it holds, written once for every SQL backend:
 * <ul>
 *   <li>{@link dev.zaileys.store.internal.jdbc.JdbcAuthStore} and {@link dev.zaileys.store.internal.jdbc.JdbcMessageStore}:
 *       the storage primitives of {@code AbstractAuthStore} / {@code AbstractMessageStore} as
 *       plain SQL over {@link dev.zaileys.store.internal.jdbc.JdbcTables}, with the few backend
 *       differences in a {@link dev.zaileys.store.internal.jdbc.SqlDialect};</li>
 *   <li>{@link dev.zaileys.store.internal.jdbc.Migrations}: versioned migration files from
 *       {@code dev/zaileys/store/sql/<dialect>/V<nnn>__<name>.sql}, applied in one transaction on
 *       open and recorded in {@code zaileys_schema_version(scope, version, compat, applied_at)};
 *       a database whose recorded {@code compat} is above the newest migration this library has
 *       is refused with {@code STORE_INCOMPATIBLE}.</li>
 * </ul>
 * A backend adds its dialect, its {@link dev.zaileys.store.internal.jdbc.JdbcConnections} (how it
 * connects, what a transaction is) and its migration files.
 *
 * <h2>Sessions</h2>
 * The default session uses the Node original's tables unchanged ({@code auth_creds},
 * {@code messages}, ... in SQLite; {@code zaileys_auth_creds}, ... in PostgreSQL), so a database
 * stays readable by the original. Named sessions share one set of tables, {@code zaileys_ms_<table>}
 * (V002), each with a leading {@code session} column in its primary key and index, and are
 * registered in {@code zaileys_sessions}: a session costs a row there, not tables. Every statement
 * is built once per store by {@link dev.zaileys.store.internal.jdbc.JdbcTables}: the default
 * session's is the original's SQL, a named session's adds {@code session = ?} as its first
 * parameter, so one statement text serves every session of a shared pool. A session's
 * {@code clear()} and a catalog's drop are {@code DELETE ... WHERE session = ?}. Session names are
 * {@code [a-z0-9_-]}, 1 to 32 characters; {@code "default"} means the default session. The version
 * table records the Node tables under scope {@code default} and the shared tables once under
 * scope {@code (shared)}. Tables this project adds to the default session are prefixed
 * {@code zaileys_} (SQLite: {@code zaileys_jobs}). Named sessions of the per-session layout before
 * V002 ({@code zaileys_s_<s>__<table>}) are moved into the shared tables by V002; see
 * {@link dev.zaileys.store.internal.jdbc.Migrations}.
 */
package dev.zaileys.store.internal.jdbc;
