package dev.zaileys.store;

/**
 * A session store: creds plus Signal keys, as the seed's {@code { creds, signal }} bundle. Every
 * auth adapter implements it; {@link #creds()} and {@link #signal()} are views of the same store.
 */
public interface AuthStoreBundle extends AuthCredsStore, AuthStore {

    default AuthCredsStore creds() {
        return this;
    }

    default AuthStore signal() {
        return this;
    }

    /**
     * The session's lease (one live owner across processes), which also fences this store's
     * writes once acquired; empty for a store that has none. Every built-in store has one.
     */
    default java.util.Optional<SessionLease> lease() {
        return java.util.Optional.empty();
    }
}
