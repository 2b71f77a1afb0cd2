package dev.zaileys.cli;

import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.MessageStore;
import dev.zaileys.store.file.FileAuthStore;
import dev.zaileys.store.memory.MemoryAuthStore;
import dev.zaileys.store.memory.MemoryMessageStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Turns a store URI into the stores it names. The one place that knows the schemes. */
final class Stores {

    static final String EXAMPLES = "for example memory: or file:./auth";

    private Stores() {}

    /**
     * The backend a URI names. Nothing is opened yet: a {@link Backend} opens its stores on first
     * use. Bad or unsupported URIs are a {@link UsageException}.
     */
    static Backend open(String text) {
        StoreUri uri = StoreUri.parse(text);
        return switch (uri.scheme()) {
            case "memory" -> {
                if (!uri.rest().isEmpty()) {
                    throw new UsageException("memory: takes nothing after the colon, got '" + uri + "'");
                }
                yield new Backend(uri, MemoryAuthStore::new, MemoryMessageStore::new);
            }
            case "file" -> {
                Path path = filePath(uri);
                yield new Backend(uri, () -> FileAuthStore.at(path), null);
            }
            // Adapters of later builds add one case each here (sqlite:PATH, postgres://...,
            // redis://host:port?namespace=..., convex:https://...?namespace=...) and leave this list.
            case "sqlite", "postgres", "postgresql", "redis", "rediss", "convex" -> throw notAvailable(uri.scheme());
            default -> throw new UsageException("unknown store URI scheme '" + uri.scheme() + ":' in '" + uri
                    + "' (" + EXAMPLES + ")");
        };
    }

    static UsageException notAvailable(String scheme) {
        return new UsageException("the " + scheme + " adapter is not available in this build");
    }

    private static Path filePath(StoreUri uri) {
        String p = uri.rest();
        if (p.startsWith("//")) {
            // file:///abs/path and file://localhost/abs/path
            String afterAuthority = p.substring(2);
            int slash = afterAuthority.indexOf('/');
            String host = slash < 0 ? afterAuthority : afterAuthority.substring(0, slash);
            if (!host.isEmpty() && !host.equals("localhost")) {
                throw new UsageException("file: URIs name a local folder, got host '" + host + "' in '" + uri + "'");
            }
            p = slash < 0 ? "" : afterAuthority.substring(slash);
        }
        if (p.isEmpty()) {
            throw new UsageException("file: needs a folder, as in file:./auth");
        }
        if (p.equals("~") || p.startsWith("~/")) {
            p = System.getProperty("user.home") + p.substring(1);
        }
        try {
            return Path.of(p);
        } catch (InvalidPathException e) {
            throw new UsageException("'" + uri + "' is not a valid folder: " + e.getReason());
        }
    }

    /** The stores one URI names; opens each on first use and closes what it opened. */
    static final class Backend implements AutoCloseable {
        private final StoreUri uri;
        private final Supplier<? extends AuthStoreBundle> authFactory;
        private final Supplier<? extends MessageStore> messageFactory;
        private AuthStoreBundle auth;
        private MessageStore messages;

        Backend(StoreUri uri, Supplier<? extends AuthStoreBundle> authFactory, Supplier<? extends MessageStore> messageFactory) {
            this.uri = uri;
            this.authFactory = authFactory;
            this.messageFactory = messageFactory;
        }

        StoreUri uri() {
            return uri;
        }

        boolean hasAuth() {
            return authFactory != null;
        }

        boolean hasMessages() {
            return messageFactory != null;
        }

        AuthStoreBundle auth() {
            if (auth == null) {
                auth = newAuthStore();
            }
            return auth;
        }

        MessageStore messages() {
            if (messages == null) {
                messages = newMessageStore();
            }
            return messages;
        }

        /** A new instance each call (the bench opens one per procedure). */
        AuthStoreBundle newAuthStore() {
            if (authFactory == null) {
                throw new UsageException(uri.scheme() + ": holds no creds or Signal keys");
            }
            return authFactory.get();
        }

        /** A new instance each call. */
        MessageStore newMessageStore() {
            if (messageFactory == null) {
                throw new UsageException(uri.scheme() + ": holds no messages (a " + uri.scheme()
                        + ": store keeps creds and Signal keys only)");
            }
            return messageFactory.get();
        }

        @Override
        public void close() {
            try {
                if (messages != null) {
                    messages.close();
                }
            } finally {
                if (auth != null) {
                    auth.close();
                }
            }
        }

        @Override
        public String toString() {
            return uri.toString();
        }
    }
}
