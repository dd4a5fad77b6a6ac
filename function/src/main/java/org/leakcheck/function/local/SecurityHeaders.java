package org.leakcheck.function.local;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * headers policy does in AWS: read from {@code website/security-headers.json} when it exists
 * (a JSON object of header name to value, optionally under a {@code "headers"} member), else a
 * strict built-in default.
 */
final class SecurityHeaders {

    /** The site makes requests to its own origin only and loads nothing from elsewhere. */
    static final Map<String, String> DEFAULT;

    static {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        DEFAULT = Collections.unmodifiableMap(headers);
    }

    private SecurityHeaders() {
    }

    /** The headers of {@code file} if it exists, else {@link #DEFAULT}. */
    static Map<String, String> load(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return DEFAULT;
        }
        try {
            Map<String, String> headers = parse(Files.readAllBytes(file));
            return headers.isEmpty() ? DEFAULT : headers;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read security headers " + file, e);
        }
    }

    /** The headers of {@code file}, which must exist and name at least one header. */
    static Map<String, String> require(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("security headers " + file + ": no such file");
        }
        Map<String, String> headers = load(file);
        if (headers == DEFAULT) {
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
