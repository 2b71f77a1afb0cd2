package dev.zaileys.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * The file system alone, for the auth store only (File keeps no history): each value written to a
 * temp file, forced, renamed over its name and the folder forced (what a durable single write
 * costs); a batch forces every file, renames them all, then forces the folder once; a read is one
 * {@code readAllBytes}. No escaping, no permissions, no JSON.
 */
final class FileRawBaseline implements RawBaseline {

    private final Path dir;

    FileRawBaseline() {
        try {
            dir = Files.createTempDirectory("zaileys-raw-file");
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up the raw File baseline: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "java.nio: temp file, force, rename, force the folder (once per batch)";
    }

    @Override
    public boolean hasMessages() {
        return false;
    }

    @Override
    public void putKeys(String type, Map<String, byte[]> values) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(type));
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            Path tmp = folder.resolve(e.getKey() + ".tmp");
            write(tmp, e.getValue());
            Files.move(tmp, folder.resolve(e.getKey() + ".json"), StandardCopyOption.ATOMIC_MOVE);
        }
        force(folder);
    }

    @Override
    public void clearKeys(String type) throws IOException {
        Path folder = dir.resolve(type);
        if (Files.isDirectory(folder)) {
            try (var files = Files.list(folder)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            force(folder);
        }
    }

    @Override
    public void putKey(String type, String id, byte[] value) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(type));
        Path tmp = folder.resolve(id + ".tmp");
        write(tmp, value);
        Files.move(tmp, folder.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
        force(folder);
    }

    @Override
    public byte[] getKey(String type, String id) throws IOException {
        Path p = dir.resolve(type).resolve(id + ".json");
        return Files.exists(p) ? Files.readAllBytes(p) : null;
    }

    private static void write(Path p, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    private static void force(Path folder) throws IOException {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public void insertAll(List<Row> rows) {
        throw new UnsupportedOperationException("File keeps no history");
    }

    @Override
    public void insertOne(Row row) {
        throw new UnsupportedOperationException("File keeps no history");
    }

    @Override
    public byte[] readOne(String remoteJid, String id, boolean fromMe) {
        throw new UnsupportedOperationException("File keeps no history");
    }

    @Override
    public List<Row> readPage(String remoteJid, Row after, int limit) {
        throw new UnsupportedOperationException("File keeps no history");
    }

    @Override
    public void close() throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
