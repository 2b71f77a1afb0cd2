package dev.zaileys.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The ceiling: plain collections holding the encoded documents (a {@link HashMap} by key, a
 * {@link TreeMap} per chat for pages), no locking, no merge, no decoding.
 */
final class MemoryRawBaseline implements RawBaseline {

    private record Key(String remoteJid, String id, boolean fromMe) {}

    private record Position(long timestamp, String id, boolean fromMe) implements Comparable<Position> {
        @Override
        public int compareTo(Position o) {
            int c = Long.compare(o.timestamp, timestamp);
            if (c != 0) {
                return c;
            }
            c = o.id.compareTo(id);
            return c != 0 ? c : Boolean.compare(o.fromMe, fromMe);
        }
    }

    private Map<Key, byte[]> map = new HashMap<>();
    private Map<String, NavigableMap<Position, Row>> chats = new HashMap<>();
    private Map<String, byte[]> keys = new HashMap<>();

    @Override
    public String name() {
        return "HashMap/TreeMap of the encoded documents";
    }

    @Override
    public void insertAll(List<Row> rows) {
        int before = map.size();
        for (Row r : rows) {
            insertOne(r);
        }
        if (map.size() != before + rows.size()) {
            throw new IllegalStateException("raw memory baseline holds " + map.size() + " of " + rows.size() + " rows");
        }
    }

    @Override
    public void insertOne(Row r) {
        map.put(new Key(r.remoteJid(), r.id(), r.fromMe()), r.data());
        chats.computeIfAbsent(r.remoteJid(), j -> new TreeMap<>()).put(new Position(r.timestamp(), r.id(), r.fromMe()), r);
    }

    @Override
    public byte[] readOne(String remoteJid, String id, boolean fromMe) {
        return map.get(new Key(remoteJid, id, fromMe));
    }

    @Override
    public List<Row> readPage(String remoteJid, Row after, int limit) {
        NavigableMap<Position, Row> chat = chats.getOrDefault(remoteJid, new TreeMap<>());
        if (after != null) {
            chat = chat.tailMap(new Position(after.timestamp(), after.id(), after.fromMe()), false);
        }
        List<Row> out = new ArrayList<>(limit);
        for (Iterator<Row> it = chat.values().iterator(); it.hasNext() && out.size() < limit; ) {
            out.add(it.next());
        }
        return out;
    }

    @Override
    public void clearKeys(String type) {
        keys.keySet().removeIf(k -> k.startsWith(type + "\0"));
    }

    @Override
    public void putKeys(String type, Map<String, byte[]> values) {
        values.forEach((id, v) -> keys.put(type + "\0" + id, v));
    }

    @Override
    public void putKey(String type, String id, byte[] value) {
        keys.put(type + "\0" + id, value);
    }

    @Override
    public byte[] getKey(String type, String id) {
        return keys.get(type + "\0" + id);
    }

    @Override
    public void close() {
        map = null;
        chats = null;
        keys = null;
    }
}
