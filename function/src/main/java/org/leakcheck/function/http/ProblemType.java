package org.leakcheck.function.http;

/**
 * The kinds of RFC 9457 problem the API answers with. The {@code type} URI of each is stable:
 * clients may switch on it. The rule inside a type ({@code element.not-on-curve}, ...) is in
 * {@link Problem#rule()}.
 */
public enum ProblemType {
    INVALID_JSON("invalid-json", 400, "Malformed JSON body"),
    INVALID_REQUEST("invalid-request", 400, "Invalid request body"),
    INVALID_BASE64URL("invalid-base64url", 400, "Invalid base64url value"),
    INVALID_ELEMENT("invalid-element", 400, "Invalid blinded element"),
    INVALID_BUCKET("invalid-bucket", 400, "Invalid bucket"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    INTERNAL("internal", 500, "Internal server error");

    /** Prefix of every problem type URI. */
    public static final String BASE_URI = "https://leakcheck.org/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The {@code type} member: {@value #BASE_URI} followed by the slug. */
    public String uri() {
        return BASE_URI + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
