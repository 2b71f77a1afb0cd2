package dev.zaileys.bench;

import java.util.List;
import java.util.Map;

/**
 * A backend's raw driver limit for each family of operations the bench measures: the same encoded
 * documents written and read by the driver alone, no store code in between, at the durability the
 * store itself uses (a single write is committed and, where the store fsyncs, fsynced when it
 * returns), so a store's rate reads as a ratio of what the driver can do.
 *
 * <p>To add one: a class implementing this and one line in {@link RawBaselines}. Set-up (connect,
 * create a scratch table or namespace) happens in the constructor and is not timed; the calls are.
 * A backend without a message store (File) answers {@link #hasMessages()} false and implements the
 * key methods only.
 */
interface RawBaseline extends AutoCloseable {

    /** One message row: the key columns and the encoded document. */
    record Row(String remoteJid, String id, boolean fromMe, long timestamp, byte[] data) {}

    /** What is measured, for the report (e.g. {@code "sqlite-jdbc: one transaction, prepared batch"}). */
    String name();

    default boolean hasMessages() {
        return true;
    }

    /** Writes every row in one transaction or pipeline; durable (as the backend defines it) when this returns. */
    void insertAll(List<Row> rows) throws Exception;

    /** Writes one row on its own (its own commit or round trip), durable as the message store's single save is. */
    void insertOne(Row row) throws Exception;

    /** The stored document of one message, or null. */
    byte[] readOne(String remoteJid, String id, boolean fromMe) throws Exception;

    /**
     * One page of a chat newest first by (timestamp, id, fromMe) descending, strictly after
     * {@code after} in that order (from the newest when null), at most {@code limit} rows.
     */
    List<Row> readPage(String remoteJid, Row after, int limit) throws Exception;

    /** Writes Signal values of one type in one atomic call, at the auth store's durability. */
    void putKeys(String type, Map<String, byte[]> values) throws Exception;

    /**
     * Removes every value of one type (untimed): A1 clears the store before each of its pre-key
     * calls, so the raw call inserts fresh rows as the store's does, not an update of equal ones.
     */
    void clearKeys(String type) throws Exception;

    /** Writes one value on its own (the creds write), at the auth store's durability. */
    void putKey(String type, String id, byte[] value) throws Exception;

    /** One stored value, or null. */
    byte[] getKey(String type, String id) throws Exception;

    /** Removes what the baseline created (scratch files, tables, keys). */
    @Override
    void close() throws Exception;
}
