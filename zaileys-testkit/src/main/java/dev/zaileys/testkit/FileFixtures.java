package dev.zaileys.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.store.file.FileAuthStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Node original's {@code FileAuthStore} folder and the records it was written from, as test
 * resources (also used by the command-line tool's tests through the test jar).
 */
public final class FileFixtures {

    public static final String FILE_AUTH = "/fixtures/zaileys-node/file-auth";
    public static final String INPUTS = "/fixtures/zaileys-node/inputs.jsonl";

    private FileFixtures() {}

    /** Copies the original's store folder into {@code target} (created), writable. */
    public static Path copyFileAuth(Path target) {
        return copyFolder(FILE_AUTH, target);
    }

    /** Copies a folder of test resources into {@code target} (created), writable. */
    public static Path copyFolder(String resource, Path target) {
        try {
            URL url = FileFixtures.class.getResource(resource);
            if (url == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copyTree(jar.provider().getPath(uri), target);
                }
            } else {
                copyTree(Path.of(uri), target);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : all.sorted().toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.write(to, Files.readAllBytes(p));
                }
            }
        }
    }

    /** Every line of inputs.jsonl, decoded. */
    public static List<ObjectNode> inputs() {
        try (InputStream in = FileFixtures.class.getResourceAsStream(INPUTS)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + INPUTS + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank())
                    .map(l -> (ObjectNode) BufferJson.decode(l))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The creds of inputs.jsonl (the last creds line). */
    public static ObjectNode creds() {
        ObjectNode out = null;
        for (ObjectNode r : inputs()) {
            if ("creds".equals(r.path("kind").asText())) {
                out = (ObjectNode) r.get("value");
            }
        }
        return out;
    }

    /** type -> id -> value after every Signal line of inputs.jsonl, overwrites and deletes applied. */
    public static TreeMap<String, TreeMap<String, JsonNode>> signal() {
        TreeMap<String, TreeMap<String, JsonNode>> out = new TreeMap<>();
        for (ObjectNode r : inputs()) {
            if (!"signal".equals(r.path("kind").asText())) {
                continue;
            }
            String type = r.get("type").asText();
            String id = r.get("id").asText();
            JsonNode value = r.get("value");
            if (value == null || value.isNull()) {
                if (out.containsKey(type)) {
                    out.get(type).remove(id);
                }
            } else {
                out.computeIfAbsent(type, t -> new TreeMap<>()).put(id, value);
            }
        }
        out.values().removeIf(Map::isEmpty);
        return out;
    }
}
