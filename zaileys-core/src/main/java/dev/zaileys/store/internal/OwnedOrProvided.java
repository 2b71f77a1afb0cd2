package dev.zaileys.store.internal;

import dev.zaileys.model.ZaileysStoreException;

/**
 * The rule the options of every server-backed store share (PostgreSQL, Redis, Convex): the store
 * reaches its server through exactly one of an address, from which it makes a connection that it
 * owns and closes, and a connection (pool, client) that the caller made, owns and closes. Written
 * once so that every store words and types the mistake the same way: a store given both could
 * not tell which one the caller meant, and one given neither has nothing to reach.
 *
 * <p>Internal: public only because the backend packages use it.
 */
public final class OwnedOrProvided {

    private OwnedOrProvided() {}

    /**
     * @param addressOption  the option's name, as in the seed ({@code url}, {@code connectionString})
     * @param providedOption the option's name, as in the seed ({@code client}, {@code pool})
     * @return true when the address is set (the store owns its connection), false for the caller's
     * @throws ZaileysStoreException {@code STORE_INVALID_INPUT} when both or neither are set
     */
    public static boolean owned(String addressOption, Object address, String providedOption, Object provided) {
        if (address != null && provided != null) {
            throw ZaileysStoreException.invalid("pass one of " + addressOption + " and " + providedOption + ", not both");
        }
        if (address == null && provided == null) {
            throw ZaileysStoreException.invalid("pass one of " + addressOption + " (the store opens and closes its own "
                    + "connection) and " + providedOption + " (one you own and close); got neither");
        }
        return address != null;
    }
}
