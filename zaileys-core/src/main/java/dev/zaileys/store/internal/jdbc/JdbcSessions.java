package dev.zaileys.store.internal.jdbc;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.SessionCatalog;
import dev.zaileys.store.SessionSummary;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The session catalog of a SQL database, for every SQL backend. Internal: used through
 * {@code SqliteSessions} and {@code PostgresSessions}. The default session is present when the
 * Node original's tables are; a named one when {@code zaileys_sessions} has its row. Sessions still
 * in the per-session layout are moved into the shared tables first (see {@link Migrations}); on a
 * read-only database they cannot be, and are listed as they are (a summary of one counts nothing,
 * and its stores ask for one writable open).
 */
public abstract class JdbcSessions implements SessionCatalog {

    private final Supplier<JdbcConnections> opener;
    private final SqlDialect dialect;
    private final JdbcTables node;
    private JdbcConnections db;
    private boolean closed;

    protected JdbcSessions(Supplier<JdbcConnections> opener, SqlDialect dialect) {
        this.opener = opener;
        this.dialect = dialect;
        this.node = new JdbcTables(null, dialect::defaultTableName);
    }

    private synchronized JdbcConnections db() {
        if (closed) {
            throw new ZaileysStoreException(Code.STORE_CLOSED, "the session catalog is closed");
        }
        if (db == null) {
            JdbcConnections opened = opener.get();
            try {
                Migrations.moveLegacySessions(opened, dialect, JdbcTables.sharedLayout(dialect::defaultTableName));
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            db = opened;
        }
        return db;
    }

    /** A session name; unlike the stores' option, null is refused rather than meaning the default. */
    private static String checked(String session) {
        if (session == null) {
            throw ZaileysStoreException.invalid("session is required (\"default\" names the Node original's tables)");
        }
        return JdbcTables.checkedSession(session);
    }

    private JdbcTables shared(String session) {
        return new JdbcTables(session, dialect::defaultTableName);
    }

    @Override
    public List<String> list() {
        return db().read(s -> {
            List<String> out = new ArrayList<>();
            if (nodePresent(s)) {
                out.add(JdbcTables.DEFAULT_SCOPE);
            }
            if (Migrations.exists(s, dialect, JdbcTables.REGISTRY)) {
                try (Statement st = s.connection().createStatement();
                     ResultSet rs = st.executeQuery("SELECT session FROM " + JdbcTables.REGISTRY)) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            out.addAll(Migrations.legacySessions(s, dialect));
            out.sort(null);
            return out;
        });
    }

    @Override
    public boolean exists(String session) {
        String name = checked(session);
        return db().read(s -> present(s, name));
    }

    private boolean present(SqlSession s, String session) throws SQLException {
        if (session.equals(JdbcTables.DEFAULT_SCOPE)) {
            return nodePresent(s);
        }
        if (Migrations.legacySessions(s, dialect).contains(session)) {
            return true;
        }
        if (!Migrations.exists(s, dialect, JdbcTables.REGISTRY)) {
            return false;
        }
        try (PreparedStatement ps = s.connection().prepareStatement("SELECT 1 FROM " + JdbcTables.REGISTRY
                + " WHERE session = ?")) {
            ps.setString(1, session);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private boolean nodePresent(SqlSession s) throws SQLException {
        return Migrations.exists(s, dialect, node.name("auth_creds")) || Migrations.exists(s, dialect, node.name("messages"));
    }

    @Override
    public Optional<SessionSummary> summary(String session) {
        String name = checked(session);
        return db().read(s -> {
            if (!present(s, name)) {
                return Optional.<SessionSummary>empty();
            }
            JdbcTables t = name.equals(JdbcTables.DEFAULT_SCOPE) ? node : shared(name);
            return Optional.of(new SessionSummary(name, count(s, t, "auth_creds") > 0, count(s, t, "auth_signal"),
                    count(s, t, "messages"), count(s, t, "chats"), count(s, t, "contacts"), count(s, t, "presence"),
                    count(s, t, "jobs")));
        });
    }

    private long count(SqlSession s, JdbcTables t, String base) throws SQLException {
        if (!Migrations.exists(s, dialect, t.name(base))) {
            return 0;
        }
        try (PreparedStatement ps = s.connection().prepareStatement("SELECT count(*) FROM " + t.q(base) + t.sessionWhere())) {
            t.bindSession(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Named sessions: their rows and registry row are deleted in one transaction. The default
     * session is the Node original's tables, which are dropped (as the original has no notion of
     * an empty session), with its schema record.
     */
    @Override
    public boolean drop(String session) {
        String name = checked(session);
        JdbcConnections d = db();
        if (d.readonly()) {
            throw new ZaileysStoreException(Code.STORE_INVALID_INPUT, d.describe() + " was opened readonly; drop needs writes");
        }
        return d.write(s -> {
            dialect.lockForMigration(s);
            boolean present = present(s, name);
            if (!present) {
                return false;
            }
            JdbcLease.fenceForDrop(s, dialect, name);
            if (name.equals(JdbcTables.DEFAULT_SCOPE)) {
                try (Statement st = s.connection().createStatement()) {
                    for (String base : JdbcTables.TABLES) {
                        st.execute("DROP TABLE IF EXISTS " + node.q(base));
                    }
                }
                deleteVersions(s, JdbcTables.DEFAULT_SCOPE);
                return true;
            }
            JdbcTables t = shared(name);
            for (String base : JdbcTables.TABLES) {
                try (PreparedStatement ps = s.connection().prepareStatement("DELETE FROM " + t.q(base) + t.sessionWhere())) {
                    t.bindSession(ps, 1);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = s.connection().prepareStatement("DELETE FROM " + JdbcTables.REGISTRY
                    + " WHERE session = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            return true;
        });
    }

    private void deleteVersions(SqlSession s, String scope) throws SQLException {
        if (!Migrations.exists(s, dialect, Migrations.VERSION_TABLE)) {
            return;
        }
        try (PreparedStatement ps = s.connection().prepareStatement("DELETE FROM " + Migrations.VERSION_TABLE
                + " WHERE scope = ?")) {
            ps.setString(1, scope);
            ps.executeUpdate();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (db != null) {
            db.close();
            db = null;
        }
    }
}
