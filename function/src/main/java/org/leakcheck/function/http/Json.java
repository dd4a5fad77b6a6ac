package org.leakcheck.function.http;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * JSON output with Jackson's streaming generator: no databind, no reflection, so that a cold
 * start loads as few classes as possible.
 */
public final class Json {

    /** Thread-safe and shared: creating a factory costs more than a request. */
    public static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Json() {
    }

    /** Writes an object with {@code body} and returns the text. */
    public static String write(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            // A StringWriter does not fail.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the members of a JSON value. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** The RFC 9457 body of {@code problem}. */
    static String problem(Problem problem) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("type", problem.type().uri());
            json.writeStringField("title", problem.type().title());
            json.writeNumberField("status", problem.status());
            json.writeStringField("detail", problem.detail());
            if (problem.field() != null) {
                json.writeStringField("field", problem.field());
            }
            if (problem.rule() != null) {
                json.writeStringField("rule", problem.rule());
            }
            json.writeEndObject();
        });
    }
}
