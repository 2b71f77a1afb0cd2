package dev.zaileys.store;

import dev.zaileys.model.ZaileysStoreException;

/** Told about failures of background (bound) writes, which have no caller to throw to. */
@FunctionalInterface
public interface StoreErrorListener {

    /**
     * @param error the failure
     * @param pending how many accepted operations are waiting on it
     * @param willRetry whether the writer retries them (true for transient failures); when false
     *     the operations were refused (invalid input) and are named in the message
     */
    void onError(ZaileysStoreException error, int pending, boolean willRetry);
}
