package dev.zaileys.testkit;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where each store a contract test opened keeps its data (a file, a session), so {@code reopen}
 * can open a new store on the same data and the raw-state hooks can reach it.
 */
public final class StoreHomes<S, H> {

    private final Map<S, H> homes = new IdentityHashMap<>();
    private final Function<H, S> opener;

    public StoreHomes(Function<H, S> opener) {
        this.opener = opener;
    }

    /** A new store on {@code home}. */
    public S open(H home) {
        S store = opener.apply(home);
        homes.put(store, home);
        return store;
    }

    /** A new store on the data of {@code store}. */
    public S reopen(S store) {
        return open(home(store));
    }

    public H home(S store) {
        return homes.get(store);
    }
}
