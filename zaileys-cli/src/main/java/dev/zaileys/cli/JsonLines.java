package dev.zaileys.cli;

import dev.zaileys.model.BufferJson;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an import file line by line. Each line is decoded on its own, so a line that is not
 * UTF-8 is reported with its own number, and a line longer than {@link #MAX_LINE_BYTES} is
 * reported without being held in memory (the largest document a store takes, base64-encoded,
 * plus the record around it).
 */
final class JsonLines {

    static final int MAX_LINE_BYTES = BufferJson.MAX_DOCUMENT_BYTES * 4 / 3 + (1 << 20);

    /** One line: its text, or why it has none. Blank lines are not reported. */
    interface Handler {
        void line(long number, String text, String problem);
    }

    private JsonLines() {}

    static void read(Path input, Handler handler) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(input), 1 << 16)) {
            read(in, MAX_LINE_BYTES, handler);
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file: " + input);
        }
    }

    static void read(InputStream in, int maxLineBytes, Handler handler) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteArrayOutputStream line = new ByteArrayOutputStream(1 << 12);
        long number = 1;
        boolean tooLong = false;
        boolean any = false;
        for (int b; ; ) {
            b = in.read();
            if (b == '\n' || b < 0) {
                if (b < 0 && !any) {
                    return;
                }
                if (tooLong) {
                    handler.line(number, null, "longer than " + maxLineBytes + " bytes (the largest record a store takes)");
                } else {
                    byte[] bytes = line.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    try {
                        String text = utf8.reset().decode(ByteBuffer.wrap(bytes, 0, len)).toString();
                        if (!text.isBlank()) {
                            handler.line(number, text, null);
                        }
                    } catch (CharacterCodingException e) {
                        handler.line(number, null, "not UTF-8 text");
                    }
                }
                if (b < 0) {
                    return;
                }
                number++;
                line.reset();
                tooLong = false;
                any = false;
                continue;
            }
            any = true;
            if (tooLong) {
                continue;
            }
            if (line.size() >= maxLineBytes) {
                tooLong = true;
                line.reset();
                continue;
            }
            line.write(b);
        }
    }
}
