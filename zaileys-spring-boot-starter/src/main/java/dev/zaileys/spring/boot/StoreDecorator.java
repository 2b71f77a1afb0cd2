package dev.zaileys.spring.boot;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;

/**
 * Wraps the stores the starter makes before they become beans (the metrics auto-configuration
 * times them this way). Stores the application defines itself are left as they are.
 */
public interface StoreDecorator {

    /** The store to use in place of {@code store}; closing it must close {@code store}. */
    default MessageStore decorate(MessageStore store) {
        return store;
    }

    /** The store to use in place of {@code store}; closing it must close {@code store}. */
    default AuthStoreBundle decorate(AuthStoreBundle store) {
        return store;
    }
}
