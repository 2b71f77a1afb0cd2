/**
 * zaileys storage: pluggable, durable storage for WhatsApp Web clients.
 *
 * <p>Layers, each depending only on the ones before it: {@link dev.zaileys.model} (Baileys-shaped
 * documents, their codec, the one exception type), {@link dev.zaileys.store} (the store API),
 * {@link dev.zaileys.socket} (the socket SPI), the backends (one package each),
 * {@link dev.zaileys.binding} (a store bound to a socket's events), {@link dev.zaileys.client}, and
 * above them {@link dev.zaileys.stores} (stores named by URI, health probes) and
 * {@link dev.zaileys.metrics} (Micrometer, optional: {@code requires static micrometer.core}).
 * The shared machinery of the backends ({@code dev.zaileys.store.internal}, its SQL layer, the merge
 * engine) and the stores' door into the documents ({@code dev.zaileys.model.internal}) are not
 * exported.
 *
 * <p>Drivers are optional ({@code requires static}): an application on the module path adds the
 * one of its backend ({@code org.xerial.sqlitejdbc}, {@code org.postgresql.jdbc} and
 * {@code com.zaxxer.hikari}, or {@code lettuce.core}); a missing one is {@code STORE_NOT_AVAILABLE}
 * at first use.
 */
module dev.zaileys {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive java.sql;
    requires java.net.http;
    requires org.slf4j;
    requires static com.zaxxer.hikari;
    requires static lettuce.core;
    requires static reactor.core; // Lettuce's credentials come as a Mono
    requires static micrometer.core;

    exports dev.zaileys.model;
    exports dev.zaileys.store;
    exports dev.zaileys.store.convex;
    exports dev.zaileys.store.crypto;
    exports dev.zaileys.store.file;
    exports dev.zaileys.store.memory;
    exports dev.zaileys.store.postgres;
    exports dev.zaileys.store.redis;
    exports dev.zaileys.store.sqlite;
    exports dev.zaileys.socket;
    exports dev.zaileys.binding;
    exports dev.zaileys.client;
    exports dev.zaileys.stores;
    exports dev.zaileys.metrics;
}
