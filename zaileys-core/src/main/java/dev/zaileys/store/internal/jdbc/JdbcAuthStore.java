package dev.zaileys.store.internal.jdbc;

import dev.zaileys.store.SchemaVersioned;
import dev.zaileys.store.internal.AbstractAuthStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The auth store primitives in SQL, for every SQL backend. Internal: extend it through a backend
 * store ({@code SqliteAuthStore}, {@code PostgresAuthStore}). Creds are the row {@code default}
 * of {@code auth_creds}; keys are rows {@code (type, id, data)} of {@code auth_signal}.
 */
public abstract class JdbcAuthStore extends AbstractAuthStore implements SchemaVersioned {

    @Override
    public final int schemaVersion() {
        ensureOpen();
        return scope.schemaVersion();
    }

    /** The creds row's id, as the Node original writes it. */
    static final String CREDS_ID = "default";

    private final JdbcScope scope;
    private final String selectCreds;
    private final String upsertCreds;
    private final String upsertFencedCreds;
    private final String deleteCreds;
    private final String upsertKey;
    private final String deleteKey;
    private final String selectKeys;
    private final String selectKeyIds;
    private final JdbcLease lease;

    protected JdbcAuthStore(Supplier<JdbcConnections> opener, SqlDialect dialect, JdbcTables tables) {
        this.scope = new JdbcScope(opener, dialect, tables);
        this.lease = new JdbcLease(scope, this::fenceAt);
        String creds = tables.q("auth_creds");
        String signal = tables.q("auth_signal");
        String col = tables.sessionColumn();
        String param = tables.sessionParam();
        String and = tables.sessionAnd();
        selectCreds = "SELECT data FROM " + creds + " WHERE " + and + "id = ?";
        // One statement for a creds write: the fencing check (when the store holds a lease) is its
        // WHERE, and a value equal to the stored one updates nothing (no new row version to log).
        String credsRow = "INSERT INTO " + creds + " AS c (" + col + "id, data) SELECT " + param + "?, "
                + dialect.dataParam("auth_creds") + " WHERE ";
        String credsConflict = " ON CONFLICT (" + col + "id) DO UPDATE SET data = excluded.data"
                + dialect.extraUpsertSet("auth_creds") + " WHERE c.data <> excluded.data";
        upsertCreds = credsRow + "1 = 1" + credsConflict;
        upsertFencedCreds = credsRow + lease.guard() + credsConflict;
        deleteCreds = "DELETE FROM " + creds + " WHERE " + and + "id = ?";
        upsertKey = "INSERT INTO " + signal + " (" + col + "type, id, data) VALUES (" + param + "?, ?, "
                + dialect.dataParam("auth_signal") + ") ON CONFLICT (" + col + "type, id) DO UPDATE SET data = excluded.data"
                + dialect.extraUpsertSet("auth_signal");
        deleteKey = "DELETE FROM " + signal + " WHERE " + and + "type = ? AND id = ?";
        selectKeys = "SELECT id, data FROM " + signal + " WHERE " + and + "type = ? AND id IN (";
        selectKeyIds = "SELECT type, id FROM " + signal + tables.sessionWhere();
    }

    /** Opens the database now (normally done by the first call): fails fast on a bad path or schema. */
    public final void open() {
        ensureOpen();
        scope.db();
    }

    @Override
    protected final Optional<byte[]> loadCreds() {
        if (scope.missing("auth_creds")) {
            return Optional.empty();
        }
        return scope.read(s -> {
            PreparedStatement ps = s.prepare(selectCreds);
            ps.setString(scope.tables.bindSession(ps, 1), CREDS_ID);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(scope.dialect.readData(rs, 1, "auth_creds")) : Optional.<byte[]>empty();
            }
        });
    }

    @Override
    protected final void storeCreds(byte[] data) {
        long mine = fenceEpoch();
        if (data == null) {
            scope.write(s -> {
                lease.check(s, mine);
                PreparedStatement ps = s.prepare(deleteCreds);
                ps.setString(scope.tables.bindSession(ps, 1), CREDS_ID);
                ps.executeUpdate();
                return null;
            });
            return;
        }
        int changed = scope.writeStatement(s -> {
            PreparedStatement ps = s.prepare(mine == 0 ? upsertCreds : upsertFencedCreds);
            int i = scope.tables.bindSession(ps, 1);
            ps.setString(i, CREDS_ID);
            scope.dialect.bindData(ps, i + 1, "auth_creds", data);
            if (mine != 0) {
                lease.bindGuard(ps, i + 2, mine);
            }
            return ps.executeUpdate();
        });
        if (changed == 0 && mine != 0) {
            // Refused, or equal to what is stored: only the refusal has a newer epoch to report.
            scope.read(s -> {
                lease.check(s, mine);
                return null;
            });
        }
    }

    @Override
    protected final Map<String, byte[]> loadKeys(String type, List<String> ids) {
        if (scope.missing("auth_signal")) {
            return Map.of();
        }
        return scope.read(s -> {
            Map<String, byte[]> out = new HashMap<>();
            scope.inChunks(ids, selectKeys, "?", ")", s,
                    new JdbcScope.ChunkBinder<String>() {
                        @Override
                        public int bindFixed(PreparedStatement ps, int index) throws java.sql.SQLException {
                            ps.setString(index, type);
                            return index + 1;
                        }

                        @Override
                        public int bind(PreparedStatement ps, int index, String id) throws java.sql.SQLException {
                            ps.setString(index, id);
                            return index + 1;
                        }
                    },
                    ps -> {
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.put(rs.getString(1), scope.dialect.readData(rs, 2, "auth_signal"));
                            }
                        }
                    });
            return out;
        });
    }

    @Override
    protected final Map<String, List<String>> loadKeyIds() {
        if (scope.missing("auth_signal")) {
            return Map.of();
        }
        return scope.read(s -> {
            Map<String, List<String>> out = new HashMap<>();
            PreparedStatement ps = s.prepare(selectKeyIds);
            scope.tables.bindSession(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            return out;
        });
    }

    @Override
    protected final void storeKeys(List<KeyWrite> writes) {
        scope.write(s -> {
            lease.check(s, fenceEpoch());
            PreparedStatement upsert = null;
            PreparedStatement delete = null;
            for (KeyWrite w : writes) {
                if (w.data() == null) {
                    delete = delete == null ? s.prepare(deleteKey) : delete;
                    int i = scope.tables.bindSession(delete, 1);
                    delete.setString(i, w.type());
                    delete.setString(i + 1, w.id());
                    delete.addBatch();
                } else {
                    upsert = upsert == null ? s.prepare(upsertKey) : upsert;
                    int i = scope.tables.bindSession(upsert, 1);
                    upsert.setString(i, w.type());
                    upsert.setString(i + 1, w.id());
                    scope.dialect.bindData(upsert, i + 2, "auth_signal", w.data());
                    upsert.addBatch();
                }
            }
            // Order matters only for one id written and deleted in one set, which the caller's
            // map cannot hold; deletes first is as good as any.
            if (delete != null) {
                delete.executeBatch();
            }
            if (upsert != null) {
                upsert.executeBatch();
            }
            return null;
        });
    }

    @Override
    protected final void removeAll() {
        scope.deleteAll(s -> lease.check(s, fenceEpoch()), "auth_creds", "auth_signal");
    }

    @Override
    public final Optional<dev.zaileys.store.SessionLease> lease() {
        return Optional.of(lease);
    }

    @Override
    protected final void release() {
        scope.release();
    }

    @Override
    protected String recordName(String type, String id) {
        return (type == null ? "row " + CREDS_ID + " of " + scope.tables.name("auth_creds")
                : "row " + type + "/" + id + " of " + scope.tables.name("auth_signal")) + sessionNote(scope.tables);
    }

    /** Names the session of a row of the shared tables, for messages. */
    static String sessionNote(JdbcTables tables) {
        return tables.shared() ? " (session " + tables.scope() + ")" : "";
    }
}
