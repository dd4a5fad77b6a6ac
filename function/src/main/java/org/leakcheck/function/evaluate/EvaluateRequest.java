package org.leakcheck.function.evaluate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.leakcheck.function.http.Json;
import org.leakcheck.function.http.Problem;
import org.leakcheck.function.http.ProblemException;

/**
 * Parses the body of {@code POST /v2/evaluate}: exactly {@code {"blindedElements": ["...", ...]}},
 * one JSON object with that one member, an array of strings, nothing before or after it.
 * Streaming, so a hostile body costs no more than reading it once (and the body is at most
 * 16 KiB, so the array is bounded too). The count is not checked here: the shape comes first
 * (docs/protocol.md §7.2).
 */
public final class EvaluateRequest {

    /** The only member of the request object. */
    public static final String FIELD = "blindedElements";

    private EvaluateRequest() {
    }

    /**
     * Returns the texts of {@code blindedElements}, in order (possibly none).
     *
     * @throws ProblemException {@code body.json} for malformed JSON, {@code body.fields} for any
     *                          other shape, {@code body.type} when the member is not an array of strings
     */
    public static List<String> blindedElements(byte[] body) throws ProblemException {
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw Problem.BODY_JSON.exception();
            }
            if (first != JsonToken.START_OBJECT) {
                skipRest(parser);
                throw Problem.BODY_FIELDS.exception();
            }
            List<String> elements = null;
            boolean wrongType = false;
            boolean wrongFields = false;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                // Inside an object the parser yields a member name or fails on malformed input.
                boolean ours = token == JsonToken.FIELD_NAME && FIELD.equals(parser.currentName()) && elements == null
                        && !wrongType;
                JsonToken value = parser.nextToken();
                if (!ours) {
                    wrongFields = true;
                    parser.skipChildren();
                } else if (value != JsonToken.START_ARRAY) {
                    wrongType = true;
                    parser.skipChildren();
                } else {
                    List<String> texts = new ArrayList<>();
                    for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                        if (item == JsonToken.VALUE_STRING) {
                            texts.add(parser.getText());
                        } else {
                            wrongType = true;
                            parser.skipChildren();
                        }
                    }
                    elements = texts;
                }
            }
            if (parser.nextToken() != null) {
                throw Problem.BODY_JSON.exception();
            }
            // The whole body was well-formed JSON: only now does its shape decide the answer.
            if (wrongFields || elements == null && !wrongType) {
                throw Problem.BODY_FIELDS.exception();
            }
            if (wrongType) {
                throw Problem.BODY_TYPE.exception();
            }
            return List.copyOf(elements);
        } catch (IOException malformed) {
            // Jackson's parse errors (and its read constraints) are IOExceptions; their messages
            // quote the input, so only the rule goes out.
            throw Problem.BODY_JSON.exception();
        }
    }

    /** Reads the rest of a body whose shape is already wrong, so that malformed JSON still wins. */
    private static void skipRest(JsonParser parser) throws IOException {
        parser.skipChildren();
        if (parser.nextToken() != null) {
            throw new IOException("trailing content");
        }
    }
}
