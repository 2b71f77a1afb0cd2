package dev.zaileys.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zaileys.model.BufferJson;
import dev.zaileys.model.ZaileysStoreException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON scan must refuse exactly the lone surrogates, never text that merely looks like one. */
class UnicodeTest {

    @ParameterizedTest(name = "accepted: {0}")
    @ValueSource(strings = {"plain", "emoji \uD83D\uDE00", "literal \\uD800 text", "\\\\uD800", "\uFFFF", "\uE000",
            "a\\u0041", ""})
    void wellFormedTextIsAccepted(String text) {
        byte[] json = BufferJson.encode(BufferJson.object().put("t", text).put(text, 1));
        assertThat(Unicode.requireWellFormedJson(json, "doc")).isSameAs(json);
        assertThat(Unicode.requireWellFormed(text, "id")).isSameAs(text);
    }

    @ParameterizedTest(name = "refused: {0}")
    @ValueSource(strings = {"\uD800", "a\uDBFF", "\uDC00z", "\uDE00\uD83D", "\uD83D\uD83D\uDE00\uDE00", "\\\uD800"})
    void loneSurrogatesAreRefused(String text) {
        byte[] json = BufferJson.encode(BufferJson.object().put("t", text));
        assertThatThrownBy(() -> Unicode.requireWellFormedJson(json, "doc"))
                .isInstanceOfSatisfying(ZaileysStoreException.class,
                        e -> assertThat(e.code()).isEqualTo(ZaileysStoreException.Code.STORE_INVALID_INPUT));
        assertThatThrownBy(() -> Unicode.requireWellFormed(text, "id")).isInstanceOf(ZaileysStoreException.class);
    }

    @ParameterizedTest(name = "other writers: {0}")
    @ValueSource(strings = {"{\"t\":\"\\uD83D\\uDE00\"}", "{\"t\":\"\\ud83d\\ude00\"}"})
    void anEscapedPairIsAccepted(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(Unicode.requireWellFormedJson(bytes, "doc")).isSameAs(bytes);
    }

    /** The scan steps eight bytes at a time: an escape must be found at every position of a word. */
    @org.junit.jupiter.api.Test
    void anEscapeIsFoundAtEveryOffset() {
        for (int pad = 0; pad < 40; pad++) {
            String before = "x".repeat(pad);
            for (String bad : new String[] {"\\uD800", "\\u0000", "\\uDC00x"}) {
                byte[] json = ("{\"t\":\"" + before + bad + "\"}").getBytes(StandardCharsets.UTF_8);
                int offset = pad;
                assertThatThrownBy(() -> Unicode.requireWellFormedJson(json, "doc"))
                        .as("%s after %d bytes", bad, offset)
                        .isInstanceOf(ZaileysStoreException.class);
            }
            byte[] fine = ("{\"t\":\"" + before + "\\\"\\uD83D\\uDE00\"}").getBytes(StandardCharsets.UTF_8);
            assertThat(Unicode.requireWellFormedJson(fine, "doc")).isSameAs(fine);
        }
    }
}
