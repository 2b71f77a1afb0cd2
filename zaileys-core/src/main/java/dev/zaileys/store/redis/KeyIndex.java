package dev.zaileys.store.redis;

import io.lettuce.core.RedisFuture;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The per-namespace index that lets a drop or a summary follow one namespace's own keys instead
 * of a SCAN, which walks every namespace's keys (at 10,000 namespaces a drop took ~0.3 s).
 *
 * <p>Most keys of a namespace have fixed names ({@link Keys#fixedKeys()}); the others carry a jid,
 * an id or a type. Signal keys are already listed by the Node layout's {@code signal-index:<type>}
 * sets; what no key lists is the chats with messages, the presence jids and the Signal types. Our
 * stores add those to three sets of ours ({@code <ns>:index:msg}, {@code :index:presence},
 * {@code :index:signal}) in the same script that writes the key, always (one SADD per chat, jid or
 * type a write touches). The sets only grow (a deleted chat stays listed), so they may name keys
 * that are gone, never miss one of ours.
 *
 * <p>The rule: the sets are trusted only when the marker {@code <ns>:index} exists. It is set
 * <ul>
 *   <li>when a store of ours first registers a namespace that is new: not in the session registry
 *       yet and none of its fixed-name keys (creds, chats, contacts, jobs, lease, the index sets)
 *       exists, checked in the registering script itself; or</li>
 *   <li>by a summary that found no marker: it walks the namespace with SCAN once, adds every jid
 *       and type it finds to the sets, then sets the marker.</li>
 * </ul>
 * Without the marker (a namespace the Node original or an older version of ours wrote) a drop or
 * summary SCANs, as before, so such a namespace is still dropped whole.
 *
 * <p>The limits, both from writers that do not maintain the sets. (1) The Node original writing
 * into a marked namespace: a chat, presence jid or Signal type it creates that no store of ours
 * wrote is outside the index, so a drop leaves those keys behind and a summary does not count them
 * (Signal keys of a type already listed are found: the original keeps its {@code signal-index}
 * sets). Delete {@code <ns>:index} after such a mix and the next summary rebuilds the index with
 * one SCAN. (2) "New" is decided from the fixed-name keys alone: a namespace that the Node
 * original (or a version of ours before the registry) filled with nothing but messages or
 * presence, no creds, chat, contact, and that no store of ours registered before, is taken for
 * new at its first open, and its earlier keys are outside the index in the same way.
 *
 * <p>Only drop and summary trust the index. The stores' own listings (message chats, Signal key
 * ids, presences, and their {@code clear()}) stay exact with a SCAN: export, rekey and prune read
 * them, and a key the index missed must not be left out of a migration.
 */
final class KeyIndex {

    /**
     * Registers the namespace, and marks its index complete when it is new. KEYS: the registry,
     * the marker, then every fixed-name key; ARGV: the namespace.
     */
    static final RedisLink.Script REGISTER = RedisLink.Script.of("""
            if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
            for i = 3, #KEYS do
              if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end
            end
            redis.call('SET', KEYS[2], '1')
            return 1
            """);

    private KeyIndex() {}

    /** The KEYS of {@link #REGISTER} for {@code keys}' namespace. */
    static List<String> registerKeys(Keys keys) {
        List<String> k = new ArrayList<>();
        k.add(Keys.REGISTRY);
        k.add(keys.indexMarker());
        k.addAll(keys.fixedKeys());
        return k;
    }

    /** The index of one namespace: the jids and types its sets name. */
    record Listing(Set<String> chats, Set<String> presences, Set<String> signalTypes) {}

    /** The namespace's index, read in one round trip; empty when it is not marked complete. */
    static Optional<Listing> read(RedisLink link, Keys keys) {
        var async = link.async();
        RedisFuture<Long> marked = async.exists(keys.indexMarker());
        RedisFuture<Set<String>> chats = async.smembers(keys.indexedChats());
        RedisFuture<Set<String>> presences = async.smembers(keys.indexedPresences());
        RedisFuture<Set<String>> types = async.smembers(keys.indexedSignalTypes());
        if (link.await(marked) == 0) {
            return Optional.empty();
        }
        return Optional.of(new Listing(link.await(chats), link.await(presences), link.await(types)));
    }

    /**
     * Every key of the namespace the index names, data first and the index's own keys last, so a
     * drop interrupted halfway still finds what it left through the index.
     */
    static List<String> keysOf(RedisLink link, Keys keys, Listing index) {
        List<String> types = new ArrayList<>(index.signalTypes());
        List<RedisFuture<Set<String>>> ids = new ArrayList<>(types.size());
        for (String type : types) {
            ids.add(link.async().smembers(keys.signalIndex(type)));
        }
        List<Set<String>> idSets = link.awaitAll(ids);
        List<String> out = new ArrayList<>();
        for (int t = 0; t < types.size(); t++) {
            for (String id : idSets.get(t)) {
                out.add(keys.signal(types.get(t), id));
            }
            out.add(keys.signalIndex(types.get(t)));
        }
        for (String jid : index.chats()) {
            out.add(keys.messages(jid));
            out.add(keys.messageData(jid));
        }
        for (String jid : index.presences()) {
            out.add(keys.presence(jid));
        }
        out.addAll(keys.fixedKeys());
        out.add(keys.indexMarker());
        return out;
    }

    /** Collects, from the keys of a SCAN of the namespace, what the index sets should name. */
    static final class Rebuild {
        private final Keys keys;
        private final Set<String> chats = new LinkedHashSet<>();
        private final Set<String> presences = new LinkedHashSet<>();
        private final Set<String> types = new LinkedHashSet<>();

        Rebuild(Keys keys) {
            this.keys = keys;
        }

        void accept(String key) {
            after(key, keys.messagesPrefix()).ifPresent(chats::add);
            after(key, keys.messageDataPrefix()).ifPresent(chats::add);
            after(key, keys.presencePrefix()).ifPresent(presences::add);
            after(key, keys.signalIndexPrefix()).ifPresent(types::add);
            // Types hold no ':'; ids may, so the type ends at the first one.
            after(key, keys.signalsPrefix()).filter(rest -> rest.indexOf(':') > 0)
                    .ifPresent(rest -> types.add(rest.substring(0, rest.indexOf(':'))));
        }

        /**
         * Adds what was found to the sets, then sets the marker. Our writers add to the sets
         * whether or not the marker exists, so keys they made during the walk are listed too.
         */
        void commit(RedisLink link) {
            var async = link.async();
            List<RedisFuture<Long>> adds = new ArrayList<>();
            add(adds, async, keys.indexedChats(), chats);
            add(adds, async, keys.indexedPresences(), presences);
            add(adds, async, keys.indexedSignalTypes(), types);
            link.awaitAll(adds);
            link.await(async.set(keys.indexMarker(), "1"));
        }

        private static void add(List<RedisFuture<Long>> adds, io.lettuce.core.api.async.RedisAsyncCommands<String, String> async,
                String set, Set<String> members) {
            List<String> all = new ArrayList<>(members);
            for (int from = 0; from < all.size(); from += 1000) {
                adds.add(async.sadd(set, all.subList(from, Math.min(all.size(), from + 1000)).toArray(String[]::new)));
            }
        }

        private static Optional<String> after(String key, String prefix) {
            return key.startsWith(prefix) && key.length() > prefix.length()
                    ? Optional.of(key.substring(prefix.length())) : Optional.empty();
        }
    }
}
