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
 * <h2>Sessions (scopes)</h2>
 * The default session uses the Node original's tables unchanged ({@code auth_creds},
 * {@code messages}, ... in SQLite; {@code zaileys_auth_creds}, ... in PostgreSQL), so a database
 * stays readable by the original. A named session {@code s} gets its own copy of every table,
 * named {@code zaileys_s_<s>__<table>} (for example {@code zaileys_s_bot-2__messages}), created by
 * the same migration files, which name tables only through {@code ${table}} placeholders. The
 * queries are then the same for every session, a session's {@code clear()} is a
 * {@code DELETE} of its own tables, and dropping a session is dropping its tables. Session names
 * are {@code [a-z0-9_-]}, 1 to 32 characters, so every generated identifier stays within
 * PostgreSQL's 63 bytes; {@code "default"} means the default session. The version table is
 * shared and carries the session in its {@code scope} column ({@code default} for the Node
 * tables). Tables this project adds to the default session are prefixed {@code zaileys_}
 * (SQLite: {@code zaileys_jobs}).
 */
package dev.zaileys.store.internal.jdbc;
