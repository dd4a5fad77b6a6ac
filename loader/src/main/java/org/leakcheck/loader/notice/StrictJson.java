package org.leakcheck.loader.notice;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reading of the operator's small JSON files (notice, factor label) with the checks both share:
 * bounded size, strict UTF-8, one JSON object, no duplicate field, nothing after it; and the
 * text checks of their fields. Problems name a field path and a rule, never a value: the texts
 * are the operator's, but a wrong file could hold anything.
 */
final class StrictJson {
    /** Largest file read: far above any valid notice, small enough to refuse a wrong file at once. */
    static final int MAX_FILE_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** A field name we may repeat in a message: a short identifier, nothing that could be a sentence of data. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    private final String what;
    private final String prefix;

    /**
     * @param what   the file's name in messages ({@code notice}, {@code factor label})
     * @param prefix the rules' prefix ({@code notice}, {@code factor-label})
     */
    StrictJson(String what, String prefix) {
        this.what = what;
        this.prefix = prefix;
    }

    /** The file's name in messages. */
    String what() {
        return what;
    }

    String rule(String name) {
        return prefix + "." + name;
    }

    /** A failure naming a field and a rule. */
    FileProblemException fail(String field, String text, String rule) {
        return new FileProblemException(what, List.of(new FileProblemException.Problem(field, text, rule(rule))));
    }

    /** Reads {@code file} into its root object. */
    ObjectNode read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw fail("(file)", "is larger than " + MAX_FILE_BYTES + " bytes", "too-long");
        }
        byte[] bytes = Files.readAllBytes(file);
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        } catch (CharacterCodingException e) {
            throw fail("(file)", "is not UTF-8", "json");
        }
        return parse(text);
    }

    /** Parses {@code text} into its root object. */
    ObjectNode parse(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the file: only the position and the kind of error are kept.
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            String message = String.valueOf(e.getOriginalMessage());
            if (message.startsWith("Duplicate field")) {
                throw fail("(file)", "has a field twice" + where, "duplicate-field");
            }
            throw fail("(file)", "is not valid JSON" + where, "json");
        }
        if (root == null || !root.isObject()) {
            throw fail("(file)", "must be a JSON object", "type");
        }
        return (ObjectNode) root;
    }

    /** A field name from the file, fit for a message: itself when it is a short identifier. */
    static String safeName(String parent, String name) {
        String shown = SAFE_NAME.matcher(name).matches() ? name : "(a field)";
        return parent.isEmpty() ? shown : parent + "." + shown;
    }

    /** Whether {@code text} holds a C0 or C1 control character ({@code \n} allowed when {@code newlines}). */
    static boolean hasControl(String text, boolean newlines) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && !(newlines && c == '\n')) || (c >= 0x80 && c <= 0x9F)) {
                return true;
            }
        }
        return false;
    }

    /** Characters as a reader counts them: code points. */
    static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
