package org.leakcheck.loader.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The checks the notice and factor-label files share, in the order every text field gets them:
 * missing or blank, not a string, a control character, too long. Every problem is collected, each
 * naming its field and rule ({@code prefix.missing}, ...), never the value; {@link #throwIfAny}
 * reports them all at once.
 */
final class FieldChecks {
    /**
     * How one file counts and screens its texts.
     *
     * @param length     the length a maximum applies to (code points, or UTF-16 units)
     * @param control    whether a text holds a character refused in it
     * @param oneLine    what the control problem says of a field without line breaks
     * @param lineBreaks what it says of a field that allows them
     */
    record TextRules(ToIntFunction<String> length, ControlCheck control, String oneLine, String lineBreaks) {
    }

    /** Whether a text holds a refused control character, line breaks allowed or not. */
    @FunctionalInterface
    interface ControlCheck {
        boolean refuses(String text, boolean newlines);
    }

    private final StrictJson json;
    private final TextRules rules;
    private final List<FileProblemException.Problem> problems = new ArrayList<>();

    /**
     * @param json  the file's reader: its name in messages and its rules' prefix
     * @param rules how its texts are counted and screened
     */
    FieldChecks(StrictJson json, TextRules rules) {
        this.json = json;
        this.rules = rules;
    }

    void problem(String field, String text, String rule) {
        problems.add(new FileProblemException.Problem(field, text, json.rule(rule)));
    }

    /** The object {@code parent.name}, or null with a problem ({@code missing}, {@code type}). */
    ObjectNode object(ObjectNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            problem(name, "is missing", "missing");
            return null;
        }
        if (!node.isObject()) {
            problem(name, "must be a JSON object", "type");
            return null;
        }
        return (ObjectNode) node;
    }

    /**
     * The checked text of {@code parent.name}, or null when it is absent (a problem when
     * {@code required}) or broken (a problem recorded).
     */
    String text(ObjectNode parent, String path, String name, int max, boolean required, boolean newlines) {
        String field = path.isEmpty() ? name : path + "." + name;
        JsonNode node = parent.get(name);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            if (required) {
                problem(field, "is missing", "missing");
            }
            return null;
        }
        if (!node.isTextual()) {
            problem(field, "must be a string", "type");
            return null;
        }
        String value = node.asText();
        if (rules.control().refuses(value, newlines)) {
            problem(field, newlines ? rules.lineBreaks() : rules.oneLine(), "control");
            return null;
        }
        if (rules.length().applyAsInt(value) > max) {
            problem(field, "must be at most " + max + " characters", "too-long");
            return null;
        }
        return value;
    }

    /** A problem ({@code unknown-field}) for each field of {@code node} not in {@code known}. */
    void unknownFields(ObjectNode node, String path, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(StrictJson.safeName(path, name), "is not a field of the " + json.what(), "unknown-field");
            }
        }
    }

    /** Throws every problem found, if any. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new FileProblemException(json.what(), problems);
        }
    }
}
