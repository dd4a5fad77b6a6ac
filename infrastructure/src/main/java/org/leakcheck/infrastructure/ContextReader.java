package org.leakcheck.infrastructure;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Typed reads of CDK context values. A value passed with {@code -c key=value} is a string; one
 * from {@code cdk.json} is a JSON number, boolean or string: both are accepted.
 */
final class ContextReader {
    private final Function<String, Object> context;

    ContextReader(Function<String, Object> context) {
        this.context = context;
    }

    String string(String key, String fallback) {
        return optionalString(key).orElse(fallback);
    }

    /** The value as a trimmed string, or empty when absent or blank. */
    Optional<String> optionalString(String key) {
        Object raw = context.apply(key);
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.toString().trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /**
     * A JSON value as its text: a string as given ({@code -c key='{"a": "b"}'}), or an object from
     * {@code cdk.json}, which arrives as a map and is written back as JSON. Empty when absent or blank.
     */
    Optional<String> optionalJson(String key) {
        Object raw = context.apply(key);
        if (raw instanceof Map<?, ?> object) {
            try {
                return Optional.of(new ObjectMapper().writeValueAsString(object));
            } catch (JsonProcessingException e) {
                throw new InvalidParameterException(key, "must be a JSON object of strings");
            }
        }
        return optionalString(key);
    }

    int integer(String key, int fallback) {
        Object raw = context.apply(key);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            if (d != Math.rint(d) || d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
                throw new InvalidParameterException(key, "must be an integer");
            }
            return n.intValue();
        }
        try {
            return Integer.parseInt(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(key, "must be an integer");
        }
    }

    boolean bool(String key, boolean fallback) {
        Object raw = context.apply(key);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        return switch (raw.toString().trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidParameterException(key, "must be true or false");
        };
    }
}
