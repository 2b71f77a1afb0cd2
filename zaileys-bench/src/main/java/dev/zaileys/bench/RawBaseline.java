package dev.zaileys.bench;

import java.util.List;

/**
 * A backend's raw driver limit: the same encoded W1 documents written by the driver alone, no
 * store code in between, so a store's ingest rate reads as a ratio of what the driver can do.
 *
 * <p>To add one: a class implementing this and one line in {@link RawBaselines}. Set-up (connect,
 * create a scratch table or namespace) happens in the constructor and is not timed; only
 * {@link #insertAll} is.
 */
interface RawBaseline extends AutoCloseable {

    /** One message row: the key columns and the encoded document. */
    record Row(String remoteJid, String id, boolean fromMe, long timestamp, byte[] data) {}

    /** What is measured, for the report (e.g. {@code "sqlite-jdbc: one transaction, prepared batch"}). */
    String name();

    /** Writes every row; durable (as the backend defines it) when this returns. Called once. */
    void insertAll(List<Row> rows) throws Exception;

    /** Removes what the baseline created (scratch files, tables, keys). */
    @Override
    void close() throws Exception;
}
