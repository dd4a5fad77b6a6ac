package org.leakcheck.protocol.keys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The strict reader and writer of the two key files ({@code docs/protocol.md} §4.4): one flat JSON
 * object whose values are short strings of {@code [A-Za-z0-9_-]}, exactly the expected fields.
 * Errors name the rule, never the content (the content is a secret).
 */
final class KeyFileJson {
    private static final Pattern FIELD = Pattern.compile("\\s*\"([A-Za-z]{1,20})\"\\s*:\\s*\"([A-Za-z0-9_\\-]{1,100})\"\\s*");

    private KeyFileJson() {
    }

    /** The fields of {@code json}, which must be exactly {@code expected}. */
    static Map<String, String> parse(String json, Set<String> expected, String what) {
        String rule = what + ": expected one JSON object with exactly the string fields " + String.join(", ", expected);
        String body = json == null ? "" : json.strip();
        if (!body.startsWith("{") || !body.endsWith("}")) {
            throw new IllegalArgumentException(rule);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : body.substring(1, body.length() - 1).split(",", -1)) {
            Matcher m = FIELD.matcher(part);
            if (!m.matches() || !expected.contains(m.group(1)) || fields.put(m.group(1), m.group(2)) != null) {
                throw new IllegalArgumentException(rule);
            }
        }
        if (!fields.keySet().equals(expected)) {
            throw new IllegalArgumentException(rule);
        }
        return fields;
    }

    /** One JSON object of string fields, in the given order, with a final newline. */
    static String write(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((name, value) -> out.append(out.length() > 1 ? ", " : "")
                .append('"').append(name).append("\": \"").append(value).append('"'));
        return out.append("}\n").toString();
    }
}
