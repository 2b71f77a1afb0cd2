package dev.zaileys.store;

/**
 * A store whose database carries a versioned schema (SQLite, PostgreSQL), for health checks and
 * tools that show which migration a database is at.
 */
public interface SchemaVersioned {

    /**
     * The database's schema version (the newest migration applied to it), read now: a round trip,
     * so it also proves the database is reachable; 0 before the first migration.
     */
    int schemaVersion();
}
