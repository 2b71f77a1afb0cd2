package dev.zaileys.store.internal.jdbc;

import dev.zaileys.store.LeaseHolder;
import dev.zaileys.store.internal.AbstractSessionLease;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A session's lease as a row of {@code zaileys_lease}, for every SQL backend. Each primitive is one
 * write transaction deciding by the database's clock; {@link #check} runs inside the auth store's
 * own write transaction, so a write and a takeover can never interleave. Internal.
 */
final class JdbcLease extends AbstractSessionLease {

    private static final String TABLE = "zaileys_lease";

    private final JdbcScope scope;
    private final String session;
    private final String now;

    JdbcLease(JdbcScope scope, LongConsumer fence) {
        super(fence, "session '" + scope.tables.scope() + "'");
        this.scope = scope;
        this.session = scope.tables.scope();
        this.now = scope.dialect.nowMillis();
    }

    @Override
    protected Attempt tryAcquire(LeaseHolder me, Duration ttl) {
        return scope.write(s -> {
            PreparedStatement insert = s.prepare("INSERT INTO " + TABLE + " (session, owner, holder, expires_at, epoch) "
                    + "VALUES (?, '', '', 0, 0) ON CONFLICT (session) DO NOTHING");
            insert.setString(1, session);
            insert.executeUpdate();
            // Free, expired, or ours: the row lock of this UPDATE decides between racing processes.
            PreparedStatement take = s.prepare("UPDATE " + TABLE + " SET owner = ?, holder = ?, expires_at = " + now
                    + " + ?, epoch = epoch + 1 WHERE session = ? AND (owner = '' OR expires_at <= " + now + ")");
            take.setString(1, me.owner());
            take.setString(2, encode(me));
            take.setLong(3, ttl.toMillis());
            take.setString(4, session);
            boolean taken = take.executeUpdate() == 1;
            PreparedStatement read = s.prepare("SELECT holder, epoch FROM " + TABLE + " WHERE session = ?");
            read.setString(1, session);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                return taken ? Attempt.taken(rs.getLong(2)) : Attempt.heldBy(decode(rs.getString(1), where()));
            }
        });
    }

    @Override
    protected boolean tryRenew(LeaseHolder me, long epoch, Duration ttl) {
        // An expired lease nobody took is still ours: the epoch did not move, so no one wrote in between.
        return scope.write(s -> {
            PreparedStatement ps = s.prepare("UPDATE " + TABLE + " SET expires_at = " + now
                    + " + ? WHERE session = ? AND owner = ? AND epoch = ?");
            ps.setLong(1, ttl.toMillis());
            ps.setString(2, session);
            ps.setString(3, me.owner());
            ps.setLong(4, epoch);
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    protected void free(LeaseHolder me, long epoch) {
        scope.write(s -> {
            PreparedStatement ps = s.prepare("UPDATE " + TABLE + " SET owner = '', holder = '', expires_at = 0 "
                    + "WHERE session = ? AND owner = ? AND epoch = ?");
            ps.setString(1, session);
            ps.setString(2, me.owner());
            ps.setLong(3, epoch);
            return ps.executeUpdate();
        });
    }

    @Override
    protected Optional<LeaseHolder> current() {
        return scope.read(s -> {
            PreparedStatement ps = s.prepare("SELECT holder FROM " + TABLE + " WHERE session = ? AND owner <> '' AND expires_at > " + now);
            ps.setString(1, session);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(decode(rs.getString(1), where())) : Optional.<LeaseHolder>empty();
            }
        });
    }

    /**
     * The fencing check as the condition of one write statement, with the parameters
     * {@link #bindGuard} binds: true while the stored epoch is not newer than the writer's. On
     * PostgreSQL the lease row is share-locked until the statement's transaction commits, as in
     * {@link #check}, so a takeover lands before the write (which is then refused) or after it.
     */
    String guard() {
        return "COALESCE((SELECT epoch FROM " + TABLE + " WHERE session = ?" + scope.dialect.lockSharedSuffix() + "), 0) <= ?";
    }

    /** Binds {@link #guard}'s parameters from {@code index}. */
    void bindGuard(PreparedStatement ps, int index, long mine) throws SQLException {
        ps.setString(index, session);
        ps.setLong(index + 1, mine);
    }

    /**
     * Refuses, inside the caller's write transaction, a write whose epoch is older than the
     * stored one; on PostgreSQL the row stays share-locked until the write commits, so a
     * takeover lands either before (the write is refused) or after it.
     */
    void check(SqlSession s, long mine) throws SQLException {
        if (mine == 0) {
            return;
        }
        PreparedStatement ps = s.prepare("SELECT epoch FROM " + TABLE + " WHERE session = ?" + scope.dialect.lockSharedSuffix());
        ps.setString(1, session);
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getLong(1) > mine) {
                throw fenced(mine, rs.getLong(1));
            }
        }
    }

    /**
     * Inside a drop's transaction: refuses while a live owner holds {@code session}'s lease, and
     * otherwise raises its epoch, so an owner that was paused past its TTL and wakes after the drop
     * cannot write its keys back into the dropped session.
     */
    static void fenceForDrop(SqlSession s, SqlDialect dialect, String session) throws SQLException {
        if (!Migrations.exists(s, dialect, TABLE)) {
            return;
        }
        PreparedStatement bump = s.prepare("UPDATE " + TABLE + " SET owner = '', holder = '', expires_at = 0, epoch = epoch + 1 "
                + "WHERE session = ? AND (owner = '' OR expires_at <= " + dialect.nowMillis() + ")");
        bump.setString(1, session);
        if (bump.executeUpdate() == 1) {
            return;
        }
        PreparedStatement read = s.prepare("SELECT holder FROM " + TABLE + " WHERE session = ?");
        read.setString(1, session);
        try (ResultSet rs = read.executeQuery()) {
            if (rs.next()) {
                throw held("session '" + session + "'", decode(rs.getString(1), "row " + session + " of " + TABLE), "");
            }
        }
    }

    private String where() {
        return "row " + session + " of " + TABLE;
    }
}
