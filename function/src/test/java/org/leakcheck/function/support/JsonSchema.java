package org.leakcheck.function.support;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The subset of JSON Schema 2020-12 that docs/openapi.yaml uses: {@code $ref} (local),
 * {@code allOf}, {@code type} (one or a list), {@code required}, {@code properties},
 * {@code additionalProperties: false}, {@code items}, {@code const}, {@code enum},
 * {@code pattern}, {@code minimum}, {@code maximum}, {@code minLength}, {@code maxLength},
 * {@code minItems}, {@code maxItems}, {@code format: date-time}. Any other keyword fails loudly, so the contract test cannot pass by
 * ignoring part of the document.
 */
public final class JsonSchema {

    private static final List<String> KNOWN = List.of("$ref", "allOf", "oneOf", "type", "required", "properties",
            "additionalProperties", "items", "const", "enum", "pattern", "minimum", "maximum", "minLength",
            "maxLength", "minItems", "maxItems", "format", "description", "example", "examples", "title");

    private final JsonNode document;

    /** @param document the whole OpenAPI document, for {@code #/...} references */
    public JsonSchema(JsonNode document) {
        this.document = document;
    }

    /** Follows a local {@code $ref} chain. */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only local references are supported: " + ref);
            }
            current = document.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalArgumentException("dangling reference " + ref);
            }
        }
        return current;
    }

    /** The violations of {@code value} against {@code schema}; empty when valid. */
    public List<String> validate(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        validate(schema, value, "$", errors);
        return errors;
    }

    private void validate(JsonNode schemaNode, JsonNode value, String at, List<String> errors) {
        JsonNode schema = resolve(schemaNode);
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String keyword = names.next();
            if (!KNOWN.contains(keyword)) {
                throw new IllegalArgumentException("unsupported schema keyword " + keyword + " at " + at);
            }
        }
        if (schema.has("allOf")) {
            schema.get("allOf").forEach(part -> validate(part, value, at, errors));
        }
        if (schema.has("oneOf")) {
            int valid = 0;
            List<String> branches = new ArrayList<>();
            for (JsonNode part : schema.get("oneOf")) {
                List<String> branch = new ArrayList<>();
                validate(part, value, at, branch);
                valid += branch.isEmpty() ? 1 : 0;
                branches.addAll(branch);
            }
            if (valid != 1) {
                errors.add(at + ": matches " + valid + " of the oneOf schemas, not exactly one " + branches);
            }
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            errors.add(at + ": expected type " + schema.get("type") + ", got " + value.getNodeType());
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(at + ": expected " + schema.get("const"));
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode option : schema.get("enum")) {
                listed |= option.equals(value);
            }
            if (!listed) {
                errors.add(at + ": " + value + " is not in the enum");
            }
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
                errors.add(at + ": does not match " + schema.get("pattern").asText());
            }
            if (schema.has("minLength") && text.codePointCount(0, text.length()) < schema.get("minLength").asInt()) {
                errors.add(at + ": shorter than " + schema.get("minLength"));
            }
            if (schema.has("maxLength") && text.codePointCount(0, text.length()) > schema.get("maxLength").asInt()) {
                errors.add(at + ": longer than " + schema.get("maxLength"));
            }
            if (schema.has("format") && schema.get("format").asText().equals("date-time")) {
                try {
                    OffsetDateTime.parse(text);
                } catch (DateTimeParseException e) {
                    errors.add(at + ": not a date-time");
                }
            }
        }
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue();
            if (schema.has("minimum") && number.compareTo(schema.get("minimum").decimalValue()) < 0) {
                errors.add(at + ": below " + schema.get("minimum"));
            }
            if (schema.has("maximum") && number.compareTo(schema.get("maximum").decimalValue()) > 0) {
                errors.add(at + ": above " + schema.get("maximum"));
            }
        }
        if (value.isObject()) {
            if (schema.has("required")) {
                for (JsonNode name : schema.get("required")) {
                    if (!value.has(name.asText())) {
                        errors.add(at + ": missing required " + name.asText());
                    }
                }
            }
            JsonNode properties = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (properties.has(field.getKey())) {
                    validate(properties.get(field.getKey()), field.getValue(), at + "." + field.getKey(), errors);
                } else if (schema.has("additionalProperties") && !schema.get("additionalProperties").asBoolean(true)) {
                    errors.add(at + ": unexpected member " + field.getKey());
                }
            }
        }
        if (value.isArray() && schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            errors.add(at + ": fewer items than " + schema.get("minItems"));
        }
        if (value.isArray() && schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            errors.add(at + ": more items than " + schema.get("maxItems"));
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                validate(schema.get("items"), item, at + "[" + i++ + "]", errors);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode option : type) {
                if (typeMatches(option, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type.asText());
        };
    }
}
