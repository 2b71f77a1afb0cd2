package dev.zaileys.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The ceiling: a plain {@link HashMap} put of the encoded documents by key. */
final class MemoryRawBaseline implements RawBaseline {

    private record Key(String remoteJid, String id, boolean fromMe) {}

    private Map<Key, byte[]> map = new HashMap<>();

    @Override
    public String name() {
        return "HashMap put of the encoded documents";
    }

    @Override
    public void insertAll(List<Row> rows) {
        for (Row r : rows) {
            map.put(new Key(r.remoteJid(), r.id(), r.fromMe()), r.data());
        }
        if (map.size() != rows.size()) {
            throw new IllegalStateException("raw memory baseline holds " + map.size() + " of " + rows.size() + " rows");
        }
    }

    @Override
    public void close() {
        map = null;
    }
}
