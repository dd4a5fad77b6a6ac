package org.leakcheck.function.buckets;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.leakcheck.function.http.Json;

/**
 * A manifest's notice (docs/protocol.md, the Art. 34(2) notice), as {@code /v2/info} publishes
 * it. The loader validated it and stored it as compact JSON; the function only checks that the
 * stored text is exactly one JSON object with no repeated member, and writes it again with its own
 * generator, so that whatever the table holds, the info document stays well-formed JSON. A notice
 * that does not pass is not published, and its dataset is not listed.
 */
final class NoticeJson {

    private NoticeJson() {
    }

    /** The notice re-written compactly, or empty when {@code stored} is not one JSON object. */
    static Optional<String> compact(String stored) {
        if (stored == null || stored.isBlank()) {
            return Optional.empty();
        }
        StringWriter out = new StringWriter(stored.length());
        try (JsonParser parser = Json.FACTORY.createParser(stored);
             JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            json.copyCurrentStructure(parser);
            if (parser.nextToken() != null) {
                return Optional.empty();
            }
        } catch (IOException | RuntimeException malformed) {
            return Optional.empty();
        }
        return Optional.of(out.toString());
    }
}
