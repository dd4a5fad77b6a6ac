package org.leakcheck.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.leakcheck.function.http.Json;

/**
 * The response headers the local server adds to everything it serves, as CloudFront's response
 * headers policy does in AWS. {@code website/security-headers.json} is the one source (a JSON
 * object of header name to value, optionally under a {@code "headers"} member): there is no
 * built-in set, because a second copy of the policy drifts from the one the site is tested with,
 * and a missing file must not quietly serve weaker headers.
 */
final class SecurityHeaders {

    /** The name of the site's header list, beside the site folder ({@code website/}). */
    static final String FILE_NAME = "security-headers.json";

    private SecurityHeaders() {
    }

    /**
     * The headers of {@code file}, which must exist and name at least one header.
     *
     * @throws IllegalArgumentException naming the file, when it is missing, unreadable or empty
     */
    static Map<String, String> require(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("security headers " + file + ": no such file");
        }
        Map<String, String> headers;
        try {
            headers = parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("security headers " + file + ": cannot read it as a JSON object", e);
        }
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("security headers " + file + ": no header in it");
        }
        return headers;
    }

    /** String members of the top-level object, or of its {@code "headers"} object. */
    static Map<String, String> parse(byte[] json) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("security headers: expected a JSON object");
            }
            readObject(parser, headers, true);
        }
        return Collections.unmodifiableMap(headers);
    }

    private static void readObject(JsonParser parser, Map<String, String> headers, boolean top) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_STRING) {
                headers.put(name, parser.getText());
            } else if (top && value == JsonToken.START_OBJECT && name.equals("headers")) {
                readObject(parser, headers, false);
            } else {
                parser.skipChildren();
            }
        }
    }
}
