package dev.zaileys.crash;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.file.FileAuthStore;
import dev.zaileys.store.postgres.PostgresAuthStore;
import dev.zaileys.store.postgres.PostgresMessageStore;
import dev.zaileys.store.redis.RedisAuthStore;
import dev.zaileys.store.redis.RedisMessageStore;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import dev.zaileys.store.sqlite.SqliteMessageStore;
import java.nio.file.Path;

/**
 * How the crash child and the checking parent open one backend's stores, each round's data in a
 * session of its own on one target (a folder, one SQLite file, one database, one Redis server).
 */
enum CrashBackend {
    FILE {
        @Override
        AuthStoreBundle auth(String target, String session) {
            return FileAuthStore.builder().basePath(Path.of(target, session)).build();
        }
    },
    SQLITE {
        @Override
        AuthStoreBundle auth(String target, String session) {
            return SqliteAuthStore.builder().database(target).session(session).build();
        }

        @Override
        MessageStore history(String target, String session) {
            return SqliteMessageStore.builder().database(target).session(session).build();
        }
    },
    POSTGRES {
        @Override
        AuthStoreBundle auth(String target, String session) {
            return PostgresAuthStore.builder().connectionString(target).session(session).max(2).build();
        }

        @Override
        MessageStore history(String target, String session) {
            return PostgresMessageStore.builder().connectionString(target).session(session).max(2).build();
        }
    },
    REDIS {
        @Override
        AuthStoreBundle auth(String target, String session) {
            return RedisAuthStore.builder().url(target).namespace(session).build();
        }

        @Override
        MessageStore history(String target, String session) {
            return RedisMessageStore.builder().url(target).namespace(session).build();
        }
    },
    /** For the lease tests only (CrashTest does not kill Convex writers: its test backend keeps data in memory). */
    CONVEX {
        @Override
        AuthStoreBundle auth(String target, String session) {
            return dev.zaileys.store.convex.ConvexAuthStore.builder().url(target).namespace(session).build();
        }

        @Override
        MessageStore history(String target, String session) {
            return dev.zaileys.store.convex.ConvexMessageStore.builder().url(target).namespace(session).build();
        }
    };

    abstract AuthStoreBundle auth(String target, String session);

    /** The File backend has no message store (by design). */
    MessageStore history(String target, String session) {
        throw new UnsupportedOperationException(this + " has no message store");
    }

    boolean hasHistory() {
        return this != FILE;
    }

    /**
     * Whether a Signal write set is applied whole or not at all. The File store documents that a
     * crash among its renames can leave part of a set applied (each key whole); the others use one
     * transaction or one script.
     */
    boolean atomicKeySets() {
        return this != FILE;
    }
}
