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
}
