package dev.zaileys.spring.boot;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.stores.StoreUri;

/**
 * The Redis the application is already connected to, for {@code redis:} store URIs. An interface
 * so that the store auto-configuration loads no Spring Data Redis or Lettuce class when the
 * application has neither.
 */
interface ApplicationRedis {

    AuthStoreBundle openAuthStore(StoreUri uri);

    MessageStore openMessageStore(StoreUri uri);
}
