package dev.zaileys.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.model.Chat;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.testing.TestPostgres;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The PostgreSQL stores on the application's DataSource, against a real (embedded) PostgreSQL:
 * {@code postgres:} takes it, a URI naming the same database takes it too, another database
 * gets a pool of its own.
 */
class PostgresDataSourceReuseTest {

    private static TestPostgres pg;
    private static String db;
    private static String otherDb;

    @BeforeAll
    static void databases() {
        pg = TestPostgres.shared();
        db = TestPostgres.databaseOf(pg.createDatabase());
        otherDb = TestPostgres.databaseOf(pg.createDatabase());
    }

    private ApplicationContextRunner runner(CountingDataSource ds) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ZaileysStoreAutoConfiguration.class))
                .withBean(DataSource.class, () -> ds)
                .withPropertyValues("zaileys.auth.uri=memory:");
    }

    @Test
    void postgresAloneUsesTheApplicationsDataSource() {
        CountingDataSource ds = new CountingDataSource(pg.dataSource(db));
        runner(ds).withPropertyValues("zaileys.history.uri=postgres:?session=bot", "zaileys.auth.uri=postgres:").run(ctx -> {
            int before = ds.connections.get();
            ctx.getBean(MessageStore.class).saveChat(Chat.of(dev.zaileys.model.BufferJson.object().put("id", "1@s.whatsapp.net")));
            ctx.getBean(AuthStoreBundle.class).readCreds();
            assertThat(ds.connections.get()).isGreaterThan(before);
        });
        // written through the DataSource: a store of its own on the same database sees it
        try (MessageStore direct = dev.zaileys.store.postgres.PostgresMessageStore.builder().pool(pg.dataSource(db))
                .session("bot").build()) {
            assertThat(direct.getChat("1@s.whatsapp.net")).isPresent();
        }
    }

    @Test
    void aUriOfTheSameDatabaseReusesItAndAnotherDoesNot() {
        CountingDataSource same = new CountingDataSource(pg.dataSource(db));
        runner(same).withPropertyValues("zaileys.history.uri=" + pg.url(db)).run(ctx -> {
            int before = same.connections.get();
            ctx.getBean(MessageStore.class).listChats();
            assertThat(same.connections.get()).isGreaterThan(before);
        });
        CountingDataSource other = new CountingDataSource(pg.dataSource(db));
        runner(other).withPropertyValues("zaileys.history.uri=" + pg.url(otherDb)).run(ctx -> {
            int before = other.connections.get();
            ctx.getBean(MessageStore.class).listChats();
            assertThat(other.connections.get()).isEqualTo(before);
        });
    }

    @Test
    void aDataSourceOfAnotherDatabaseIsRefusedForPostgresAlone() throws Exception {
        Class.forName("org.sqlite.JDBC");
        org.sqlite.SQLiteDataSource sqlite = new org.sqlite.SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite::memory:");
        runner(new CountingDataSource(sqlite)).withPropertyValues("zaileys.history.uri=postgres:").run(ctx ->
                assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("not a PostgreSQL database"));
    }

    /** Counts connections taken, to tell whose pool a store uses. */
    static final class CountingDataSource implements DataSource {
        final DataSource inner;
        final AtomicInteger connections = new AtomicInteger();

        CountingDataSource(DataSource inner) {
            this.inner = inner;
        }

        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            return inner.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            connections.incrementAndGet();
            return inner.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return inner.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            inner.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            inner.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return inner.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return inner.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return inner.isWrapperFor(iface);
        }
    }
}
