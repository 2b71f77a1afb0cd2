package dev.zaileys.store.internal.jdbc;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The connection of one store to one scope, opened (and migrated) at first use so that a
 * missing driver or an unreachable database is an error of the first call, never of
 * construction. Internal.
 */
final class JdbcScope {

    private final Supplier<JdbcConnections> opener;
    final SqlDialect dialect;
    final JdbcTables tables;
    private volatile JdbcConnections db;
    private volatile Set<String> missing = Set.of();
    private boolean released;

    JdbcScope(Supplier<JdbcConnections> opener, SqlDialect dialect, JdbcTables tables) {
        this.opener = opener;
        this.dialect = dialect;
        this.tables = tables;
    }

    JdbcConnections db() {
        JdbcConnections d = db;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (db == null) {
                if (released) {
                    throw new ZaileysStoreException(Code.STORE_CLOSED, "the store is closed");
                }
                JdbcConnections opened = opener.get();
                try {
                    missing = Migrations.apply(opened, dialect, tables);
                } catch (RuntimeException e) {
                    opened.close();
                    throw e;
                }
                db = opened;
            }
            return db;
        }
    }

    /** Whether the table of {@code base} is absent (read-only databases only). */
    boolean missing(String base) {
        db();
        return missing.contains(base);
    }

    int schemaVersion() {
        return read(s -> Migrations.databaseVersion(s, dialect));
    }

    <T> T read(SqlWork<T> work) {
        return db().read(work);
    }

    <T> T write(SqlWork<T> work) {
        return writable().write(work);
    }

    /** A single self-contained statement: see {@link JdbcConnections#writeStatement}. */
    <T> T writeStatement(SqlWork<T> work) {
        return writable().writeStatement(work);
    }

    private JdbcConnections writable() {
        JdbcConnections d = db();
        if (d.readonly()) {
            throw new ZaileysStoreException(Code.STORE_INVALID_INPUT, d.describe()
                    + " was opened readonly; writes are refused");
        }
        return d;
    }

    synchronized void release() {
        released = true;
        if (db != null) {
            db.close();
        }
    }

    /** Empties the session's part of the tables of {@code bases}, in one transaction. */
    void deleteAll(String... bases) {
        deleteAll(s -> {}, bases);
    }

    /** Empties the tables of {@code bases}, in one transaction that runs {@code first} first (a fencing check). */
    void deleteAll(SqlCheck first, String... bases) {
        write(s -> {
            first.run(s);
            for (String base : bases) {
                PreparedStatement ps = s.prepare("DELETE FROM " + q(base) + tables.sessionWhere());
                tables.bindSession(ps, 1);
                ps.executeUpdate();
            }
            return null;
        });
    }

    String q(String base) {
        return tables.q(base);
    }

    /**
     * Runs {@code query} for {@code keys} in chunks of padded sizes, so few distinct statements are
     * prepared. In the shared layout the session is the query's first parameter, bound here.
     */
    <K> void inChunks(List<K> keys, String prefix, String one, String suffix, SqlSession s, ChunkBinder<K> binder,
                      ChunkReader reader) throws SQLException {
        int max = dialect.maxInList();
        for (int from = 0; from < keys.size(); from += max) {
            List<K> chunk = new ArrayList<>(keys.subList(from, Math.min(keys.size(), from + max)));
            int size = padded(chunk.size(), max);
            while (chunk.size() < size) {
                chunk.add(chunk.get(chunk.size() - 1));
            }
            StringBuilder sql = new StringBuilder(prefix);
            for (int i = 0; i < size; i++) {
                sql.append(i == 0 ? "" : ", ").append(one);
            }
            sql.append(suffix);
            PreparedStatement ps = s.prepare(sql.toString());
            int index = binder.bindFixed(ps, tables.bindSession(ps, 1));
            for (K k : chunk) {
                index = binder.bind(ps, index, k);
            }
            reader.read(ps);
        }
    }

    private static int padded(int n, int max) {
        for (int size : new int[] {1, 4, 16, 64}) {
            if (n <= size && size < max) {
                return size;
            }
        }
        return max;
    }

    interface ChunkBinder<K> {
        /** Binds the parameters before the list from {@code index}; returns the next index. */
        default int bindFixed(PreparedStatement ps, int index) throws SQLException {
            return index;
        }

        /** Binds one key from {@code index}; returns the next index. */
        int bind(PreparedStatement ps, int index, K key) throws SQLException;
    }

    interface SqlCheck {
        void run(SqlSession s) throws SQLException;
    }

    interface ChunkReader {
        void read(PreparedStatement ps) throws SQLException;
    }
}
