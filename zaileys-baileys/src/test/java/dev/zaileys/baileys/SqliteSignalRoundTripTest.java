package dev.zaileys.baileys;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSignalRoundTripTest extends SignalRoundTripContract {

    @TempDir
    Path dir;

    @Override
    protected AuthStoreBundle openStore(String name) {
        return SqliteAuthStore.builder().database(dir.resolve(name + ".db").toString()).build();
    }
}
