package dev.zaileys.store.postgres;

import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Turns driver and pool failures into typed store errors whose messages hold no password. */
final class PgErrors {

    private PgErrors() {}

    /**
     * @param fallback the code when the server was reached (read or write failed)
     * @param where    the masked address, for the message
     * @param secret   the password to scrub from driver text, or null
     */
    static ZaileysStoreException map(Throwable e, Code fallback, String what, String where, String secret) {
        if (e instanceof ZaileysStoreException z) {
            return z;
        }
        Code code = connectionFailure(e) ? Code.STORE_CONNECTION_FAILED : fallback;
        String state = sqlState(e);
        if (code == fallback && fallback == Code.STORE_WRITE_FAILED && refusedForGood(state)) {
            // The data itself is refused (jsonb cannot hold \u0000 or some escapes, a value out of
            // range, a row too big): retrying cannot help and the transaction rolled back. Typed as
            // invalid input so a bound writer sets the record aside instead of retrying its batch.
            code = Code.STORE_INVALID_INPUT;
        }
        String detail = PostgresUrl.scrub(firstLine(reason(e)), secret);
        String message = (code == Code.STORE_CONNECTION_FAILED ? "cannot reach PostgreSQL at " + where + " (" + what + ")"
                : what + " failed on " + where)
                + (state == null ? "" : " [SQLState " + state + "]")
                + (detail == null || detail.isBlank() ? "" : ": " + detail);
        return new ZaileysStoreException(code, message, e);
    }

    /**
     * SQLSTATEs that refuse the data of a write, not the moment: class 22 (data exception: bad text
     * representation, untranslatable character, value out of range), 54000 (a program limit, such
     * as a jsonb or index row too big). Conflicts and serialization failures (40xxx) stay
     * transient; integrity violations (23xxx) cannot come from our upserts and stay as they are.
     */
    static boolean refusedForGood(String state) {
        return state != null && (state.startsWith("22") || state.equals("54000"));
    }

    /** Whether {@code e} says the server is unreachable, down, or refused the login, rather than the statement. */
    static boolean connectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.io.EOFException || t instanceof java.net.SocketException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String st = s.getSQLState();
                // 08: connection exception; 57P01-03: shutdown/crash/cannot connect now;
                // 28: bad login; 3D000: no such database; 53300: too many connections
                if (st.startsWith("08") || st.startsWith("57P") || st.startsWith("28") || st.equals("3D000")
                        || st.equals("53300")) {
                    return true;
                }
            }
            if (t.getClass().getName().equals("com.zaxxer.hikari.pool.HikariPool$PoolInitializationException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * The root cause in words. The pool's own "Connection is not available, request timed out"
     * hides why it could not connect (a wrong password, a missing database, a refused port); the
     * driver's exception under it says so.
     */
    static String reason(Throwable e) {
        Throwable server = null;
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && !(t instanceof SQLTransientConnectionException)) {
                server = t;
            }
            deepest = t;
            if (t.getCause() == t) {
                break;
            }
        }
        if (server != null) {
            return server.getMessage();
        }
        if (deepest instanceof java.net.ConnectException) {
            return "connection refused (is the server running and listening on that host and port?)";
        }
        if (deepest instanceof java.net.SocketTimeoutException) {
            return "timed out connecting (a firewall, or the wrong host)";
        }
        if (deepest instanceof java.net.UnknownHostException) {
            return "unknown host " + deepest.getMessage();
        }
        return deepest.getMessage() != null ? deepest.getMessage() : e.getMessage();
    }

    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
