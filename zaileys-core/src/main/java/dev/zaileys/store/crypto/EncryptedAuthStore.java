package dev.zaileys.store.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.Ids;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.model.ZaileysStoreException;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.SignalTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest for any auth store: creds and every Signal value are sealed with AES-256-GCM
 * before the inner store sees them. Off unless you wrap a store:
 *
 * <pre>{@code
 * AuthStoreBundle auth = EncryptedAuthStore.builder()
 *         .inner(FileAuthStore.builder().basePath(dir).build())
 *         .scope("session-1")                    // binds every record to this session
 *         .key("k2", currentKey32Bytes)          // writes use this key
 *         .oldKey("k1", previousKey32Bytes)      // still readable; rekey() moves them to k2
 *         .build();
 * }</pre>
 *
 * <p>Each value is stored as {@code {"zaileys-enc":1,"kid":"k2","iv":<12 bytes>,"ct":<bytes>}}; the
 * additional data is {@code zaileys/v1|scope|type|id} (creds: type {@code creds}, empty id), so a
 * record copied to another id, type or session does not decrypt. Any failure to decrypt (wrong
 * key, unknown key id, altered bytes, moved record) is {@code STORE_CORRUPTED} naming the record;
 * messages name key ids, never key material.
 *
 * <p>What stays visible: types and ids (jids, pre-key numbers) are the inner store's keys and are
 * not encrypted, nor are value sizes.
 *
 * <p>Migration: a value that is not an envelope (written before encryption was turned on) is read
 * as is and encrypted by the next write of that key; {@link #rekey()} encrypts all of them at once.
 * Once migrated, {@link Builder#allowPlaintext(boolean) allowPlaintext(false)} makes a plaintext
 * value {@code STORE_CORRUPTED}, so nobody with write access to the backend can slip one in.
 *
 * <p>{@link #close()} closes the inner store too unless built with {@code ownsInner(false)}.
 */
public final class EncryptedAuthStore implements AuthStoreBundle {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int KEY_BYTES = 32;
    private static final int REKEY_BATCH = 256;
    private static final String CREDS_TYPE = "creds";
    private static final String CREDS_ID = "";

    private final AuthStoreBundle inner;
    private final String scope;
    private final String currentKid;
    private final SecretKey currentKey;
    private final Map<String, SecretKey> keys;
    private final boolean ownsInner;
    private final boolean allowPlaintext;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Writes and rekey() exclude each other, so a rekey never writes back a value older than a
    // concurrent write of this instance (the inner store serializes its own writes anyway).
    private final ReentrantLock writeLock = new ReentrantLock();

    private EncryptedAuthStore(Builder b, Map<String, SecretKey> keys) {
        this.inner = b.inner;
        this.scope = b.scope;
        this.currentKid = b.currentKid;
        this.keys = keys;
        this.currentKey = keys.get(b.currentKid);
        this.ownsInner = b.ownsInner;
        this.allowPlaintext = b.allowPlaintext;
    }

    /**
     * The only way to make one. {@link Builder#inner}, {@link Builder#scope} and
     * {@link Builder#key} are required; {@code build()} throws {@code STORE_INVALID_INPUT} for a
     * missing or malformed option and touches nothing.
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<AuthCreds> readCreds() {
        ensureOpen();
        return inner.readCreds().map(stored -> {
            JsonNode plain = reveal(stored.toJson(), CREDS_TYPE, CREDS_ID, "creds");
            if (!plain.isObject()) {
                throw Envelope.corrupted("creds", "does not decrypt to a JSON object");
            }
            return AuthCreds.of((ObjectNode) plain);
        });
    }

    @Override
    public void writeCreds(AuthCreds creds) {
        if (creds == null) {
            throw invalid("creds must not be null (use deleteCreds to remove them)");
        }
        AuthCreds sealed = AuthCreds.of(seal(checkedSize(creds.encode(), "creds"), CREDS_TYPE, CREDS_ID));
        ensureOpen();
        locked(() -> inner.writeCreds(sealed));
    }

    @Override
    public void deleteCreds() {
        ensureOpen();
        locked(inner::deleteCreds);
    }

    @Override
    public Map<String, JsonNode> read(String type, Collection<String> ids) {
        SignalTypes.require(type);
        List<String> wanted = distinctIds(ids);
        ensureOpen();
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (wanted.isEmpty()) {
            return out;
        }
        inner.read(type, wanted).forEach((id, stored) -> out.put(id, reveal(stored, type, id, type + "/" + id)));
        return out;
    }

    @Override
    public void write(Map<String, ? extends Map<String, ? extends JsonNode>> data) {
        if (data == null) {
            throw invalid("Signal data must not be null");
        }
        // Everything is validated and sealed before the inner store is touched: bad input changes nothing.
        Map<String, Map<String, JsonNode>> sealed = new LinkedHashMap<>();
        data.forEach((type, values) -> {
            SignalTypes.require(type);
            if (values == null) {
                throw invalid("values of Signal type '" + type + "' must not be null");
            }
            Map<String, JsonNode> ofType = new LinkedHashMap<>();
            values.forEach((id, value) -> {
                Ids.require(id, type + " id");
                boolean delete = value == null || value.isNull() || value.isMissingNode();
                ofType.put(id, delete ? null : seal(checkedSize(BufferJson.encode(value), type + " " + id), type, id));
            });
            if (!ofType.isEmpty()) {
                sealed.put(type, ofType);
            }
        });
        ensureOpen();
        if (!sealed.isEmpty()) {
            locked(() -> inner.write(sealed));
        }
    }

    /** Delegated: types and ids are not encrypted. */
    @Override
    public SortedMap<String, List<String>> listKeyIds() {
        ensureOpen();
        return inner.listKeyIds();
    }

    @Override
    public void delete(String type, Collection<String> ids) {
        SignalTypes.require(type);
        List<String> gone = distinctIds(ids);
        ensureOpen();
        if (!gone.isEmpty()) {
            locked(() -> inner.delete(type, gone));
        }
    }

    @Override
    public void clear() {
        ensureOpen();
        locked(inner::clear);
    }

    /**
     * Re-encrypts under the current key every record that is plaintext or sealed with another key
     * (creds, then every Signal value), in batches; records already under the current key are left
     * alone. Once this returns, old keys can be dropped from the builder. Run it while no other
     * process writes this session: writes of this instance wait for it, other processes' do not.
     *
     * @return how many records were rewritten
     */
    public int rekey() {
        ensureOpen();
        int[] rewritten = {0};
        locked(() -> {
            Optional<AuthCreds> creds = inner.readCreds();
            if (creds.isPresent() && !currentKid.equals(Envelope.kid(creds.get().toJson()))) {
                JsonNode plain = reveal(creds.get().toJson(), CREDS_TYPE, CREDS_ID, "creds");
                inner.writeCreds(AuthCreds.of(seal(BufferJson.encode(plain), CREDS_TYPE, CREDS_ID)));
                rewritten[0]++;
            }
            inner.listKeyIds().forEach((type, ids) -> {
                for (int from = 0; from < ids.size(); from += REKEY_BATCH) {
                    Map<String, JsonNode> batch = new LinkedHashMap<>();
                    inner.read(type, ids.subList(from, Math.min(ids.size(), from + REKEY_BATCH))).forEach((id, stored) -> {
                        if (!currentKid.equals(Envelope.kid(stored))) {
                            JsonNode plain = reveal(stored, type, id, type + "/" + id);
                            batch.put(id, seal(BufferJson.encode(plain), type, id));
                        }
                    });
                    if (!batch.isEmpty()) {
                        inner.write(Map.of(type, batch));
                        rewritten[0] += batch.size();
                    }
                }
            });
        });
        return rewritten[0];
    }

    /** Closes the inner store when this store owns it (the default). Idempotent. */
    /** The inner store's lease: acquiring it fences the inner store, through which every write here goes. */
    @Override
    public java.util.Optional<dev.zaileys.store.SessionLease> lease() {
        return inner.lease();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsInner) {
            writeLock.lock();
            try {
                inner.close();
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Names the scope, the current key id and the inner store; never key material. */
    @Override
    public String toString() {
        return "EncryptedAuthStore{scope=" + scope + ", kid=" + currentKid + ", inner=" + inner + "}";
    }

    private ObjectNode seal(byte[] plaintext, String type, String id) {
        return Envelope.seal(currentKid, currentKey, Envelope.aad(scope, type, id), plaintext);
    }

    private JsonNode reveal(JsonNode stored, String type, String id, String record) {
        if (!Envelope.isEnvelope(stored)) {
            if (!allowPlaintext) {
                throw Envelope.corrupted(record, "is not encrypted (plaintext values are refused: allowPlaintext is off)");
            }
            return stored;
        }
        byte[] plain = Envelope.open(stored, keys, Envelope.aad(scope, type, id), record);
        try {
            return BufferJson.decode(plain);
        } catch (IllegalArgumentException e) {
            throw Envelope.corrupted(record, "decrypts to malformed JSON");
        }
    }

    private void locked(Runnable action) {
        writeLock.lock();
        try {
            ensureOpen();
            action.run();
        } finally {
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new ZaileysStoreException(Code.STORE_CLOSED, "EncryptedAuthStore is closed");
        }
    }

    private static byte[] checkedSize(byte[] encoded, String what) {
        if (encoded.length > BufferJson.MAX_DOCUMENT_BYTES) {
            throw invalid(what + " is " + encoded.length + " bytes encoded; the limit is " + BufferJson.MAX_DOCUMENT_BYTES);
        }
        // The wrapped store only sees the sealed bytes, so the plain text is checked here.
        return dev.zaileys.model.internal.Unicode.requireWellFormedJson(encoded, what);
    }

    private static List<String> distinctIds(Collection<String> ids) {
        if (ids == null) {
            throw invalid("ids must not be null");
        }
        LinkedHashSet<String> set = new LinkedHashSet<>();
        for (String id : ids) {
            set.add(Ids.require(id, "Signal id"));
        }
        return new ArrayList<>(set);
    }

    private static ZaileysStoreException invalid(String message) {
        return new ZaileysStoreException(Code.STORE_INVALID_INPUT, message);
    }

    /** Options of an {@link EncryptedAuthStore}; validated by {@link #build()}. */
    public static final class Builder {

        private AuthStoreBundle inner;
        private String scope;
        private String currentKid;
        private final Map<String, byte[]> keyBytes = new LinkedHashMap<>();
        private final List<String> duplicateKids = new ArrayList<>();
        private boolean ownsInner = true;
        private boolean allowPlaintext = true;

        private Builder() {}

        /** The store that keeps the sealed values (any auth store). Required. */
        public Builder inner(AuthStoreBundle inner) {
            this.inner = inner;
            return this;
        }

        /**
         * The session every record is bound to (for example the session name). Required; no
         * {@code |} and no control characters. Changing it makes existing records unreadable.
         */
        public Builder scope(String scope) {
            this.scope = scope;
            return this;
        }

        /** The current key: 32 bytes, named by {@code kid} (stored in clear with each record). Required. */
        public Builder key(String kid, byte[] key) {
            this.currentKid = kid;
            return addKey(kid, key);
        }

        /** A key that still decrypts records written with it; {@link EncryptedAuthStore#rekey()} retires it. */
        public Builder oldKey(String kid, byte[] key) {
            return addKey(kid, key);
        }

        /** Whether {@link EncryptedAuthStore#close()} closes the inner store. Default true. */
        public Builder ownsInner(boolean ownsInner) {
            this.ownsInner = ownsInner;
            return this;
        }

        /** Whether values that are not encrypted are read as is (migration). Default true. */
        public Builder allowPlaintext(boolean allowPlaintext) {
            this.allowPlaintext = allowPlaintext;
            return this;
        }

        private Builder addKey(String kid, byte[] key) {
            if (kid != null && keyBytes.containsKey(kid)) {
                duplicateKids.add(kid);
            }
            keyBytes.put(kid, key == null ? null : key.clone());
            return this;
        }

        /** @throws ZaileysStoreException {@code STORE_INVALID_INPUT} for missing or malformed options */
        public EncryptedAuthStore build() {
            if (inner == null) {
                throw invalid("inner is required: the auth store that keeps the sealed values");
            }
            if (scope == null) {
                throw invalid("scope is required (the session name every record is bound to)");
            }
            Ids.requireName(scope, "scope");
            if (scope.indexOf('|') >= 0) {
                throw invalid("scope must not contain '|'");
            }
            if (currentKid == null) {
                throw invalid("a current key is required: key(id, 32 bytes)");
            }
            if (!duplicateKids.isEmpty()) {
                throw invalid("key id '" + duplicateKids.get(0) + "' is given twice");
            }
            Map<String, SecretKey> keys = new HashMap<>();
            keyBytes.forEach((kid, bytes) -> {
                if (kid == null || !KEY_ID.matcher(kid).matches()) {
                    throw invalid("a key id must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
                }
                if (bytes == null || bytes.length != KEY_BYTES) {
                    throw invalid("key '" + kid + "' must be " + KEY_BYTES + " bytes (AES-256); got "
                            + (bytes == null ? "null" : bytes.length + " bytes"));
                }
                keys.put(kid, new SecretKeySpec(bytes, "AES"));
            });
            return new EncryptedAuthStore(this, Map.copyOf(keys));
        }
    }
}
