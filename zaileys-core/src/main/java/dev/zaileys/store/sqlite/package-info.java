/**
 * SQLite stores (sqlite-jdbc, optional): both stores may share one database file in the Node
 * original's tables; WAL, a busy timeout and one writer connection.
 */
package dev.zaileys.store.sqlite;
