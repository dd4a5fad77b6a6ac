package org.leakcheck.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Which limit an HTTP 429 comes from, read from its body (docs/deploy.md, docs/openapi.yaml). API
 * Gateway's own bodies are {@code {"message":"Too Many Requests"}} (throttling) and
 * {@code {"message":"Limit Exceeded"}} (the key's daily quota); the stack replaces them by problem
 * documents with rules {@code rate.throttled} and {@code rate.quota}; the WAF answers
 * {@code rate.per-ip}, the evaluate function {@code rate.daily}.
 */
public enum RateLimitKind {
    /** Requests per second: wait (Retry-After, else a backoff) and retry. */
    THROTTLED("throttled"),
    /** The API key's daily quota is used up: stop until the quota's next day. */
    QUOTA("quota"),
    /** The evaluate function's daily cap per client address: stop until the next UTC day. */
    DAILY_CAP("daily-cap"),
    /** The WAF's per-address rate: wait and retry. */
    PER_ADDRESS("per-address"),
    /** A 429 without a body this client knows: treated as throttling. */
    UNKNOWN("unknown");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String label;

    RateLimitKind(String label) {
        this.label = label;
    }

    /** A short name for reports. */
    public String label() {
        return label;
    }

    /** True when retrying today cannot help: the run must stop (and can be resumed later). */
    public boolean exhausted() {
        return this == QUOTA || this == DAILY_CAP;
    }

    /** The kind of a 429 answer with this body (which may be empty or not JSON). */
    public static RateLimitKind of(String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body == null ? "" : body);
        } catch (java.io.IOException | RuntimeException notJson) {
            return UNKNOWN;
        }
        if (node == null || !node.isObject()) {
            return UNKNOWN;
        }
        String rule = node.path("rule").asText("");
        String message = node.path("message").asText("");
        if (rule.equals("rate.quota") || message.equalsIgnoreCase("Limit Exceeded")) {
            return QUOTA;
        }
        if (rule.equals("rate.daily")) {
            return DAILY_CAP;
        }
        if (rule.equals("rate.throttled") || message.equalsIgnoreCase("Too Many Requests")) {
            return THROTTLED;
        }
        if (rule.equals("rate.per-ip")) {
            return PER_ADDRESS;
        }
        return UNKNOWN;
    }
}
