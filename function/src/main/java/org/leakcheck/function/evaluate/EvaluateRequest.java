package org.leakcheck.function.evaluate;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.leakcheck.function.http.Json;
import org.leakcheck.function.http.Problem;
import org.leakcheck.function.http.ProblemException;

/**
 * Parses the body of {@code POST /v1/evaluate}: exactly {@code {"blindedElement": "<string>"}},
 * one JSON object with that one string member, nothing before or after it. Streaming, so a
 * hostile body costs no more than reading it once.
 */
public final class EvaluateRequest {

    /** The only member of the request object. */
    public static final String FIELD = "blindedElement";

    private EvaluateRequest() {
    }

    /**
     * Returns the {@code blindedElement} text.
     *
     * @throws ProblemException {@code body.json} for malformed JSON, {@code body.fields} for any
     *                          other shape, {@code body.type} when the member is not a string
     */
    public static String blindedElement(byte[] body) throws ProblemException {
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw Problem.BODY_JSON.exception();
            }
            if (first != JsonToken.START_OBJECT) {
                throw Problem.BODY_FIELDS.exception();
            }
            String value = null;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                // Inside an object the parser yields a member name or fails on malformed input.
                if (token != JsonToken.FIELD_NAME || !FIELD.equals(parser.currentName()) || value != null) {
                    throw Problem.BODY_FIELDS.exception();
                }
                if (parser.nextToken() != JsonToken.VALUE_STRING) {
                    throw Problem.BODY_TYPE.exception();
                }
                value = parser.getText();
            }
            if (value == null) {
                throw Problem.BODY_FIELDS.exception();
            }
            if (parser.nextToken() != null) {
                throw Problem.BODY_JSON.exception();
            }
            return value;
        } catch (IOException malformed) {
            // Jackson's parse errors (and its read constraints) are IOExceptions; their messages
            // quote the input, so only the rule goes out.
            throw Problem.BODY_JSON.exception();
        }
    }
}
