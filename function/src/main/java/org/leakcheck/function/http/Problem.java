package org.leakcheck.function.http;

import org.leakcheck.protocol.oprf.CoordinateRangeException;
import org.leakcheck.protocol.oprf.ElementLengthException;
import org.leakcheck.protocol.oprf.ElementPrefixException;
import org.leakcheck.protocol.oprf.IdentityElementException;
import org.leakcheck.protocol.oprf.PointNotOnCurveException;

/**
 * One RFC 9457 problem: a type, a fixed detail sentence, and the field and rule at fault.
 *
 * <p>Every instance is built from the constants below, never from request data, so a problem
 * body can never echo input back.
 *
 * @param type   the kind of problem (gives status and title)
 * @param detail a fixed English sentence explaining the rule
 * @param field  the request part at fault ({@code blindedElement}, {@code bucket}, {@code body},
 *               {@code Content-Type}, {@code path}, {@code method}), or null for a 500
 * @param rule   the stable rule code, or null for a 500
 */
public record Problem(ProblemType type, String detail, String field, String rule) {

    // Field names used in problems.
    public static final String FIELD_BODY = "body";
    public static final String FIELD_BLINDED_ELEMENT = "blindedElement";
    public static final String FIELD_BUCKET = "bucket";
    public static final String FIELD_CONTENT_TYPE = "Content-Type";
    public static final String FIELD_PATH = "path";
    public static final String FIELD_METHOD = "method";

    public static final Problem BODY_JSON = new Problem(ProblemType.INVALID_JSON,
            "the body is not one well-formed JSON value", FIELD_BODY, "body.json");
    public static final Problem BODY_ENCODING = new Problem(ProblemType.INVALID_JSON,
            "the base64-encoded body could not be decoded", FIELD_BODY, "body.encoding");
    public static final Problem BODY_FIELDS = new Problem(ProblemType.INVALID_REQUEST,
            "the body must be a JSON object with exactly one field, blindedElement", FIELD_BODY, "body.fields");
    public static final Problem BODY_TYPE = new Problem(ProblemType.INVALID_REQUEST,
            "blindedElement must be a JSON string", FIELD_BLINDED_ELEMENT, "body.type");
    public static final Problem BODY_SIZE = new Problem(ProblemType.PAYLOAD_TOO_LARGE,
            "the body must be at most 1024 bytes", FIELD_BODY, "body.size");
    public static final Problem CONTENT_TYPE = new Problem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
            "the request must be sent with Content-Type: application/json", FIELD_CONTENT_TYPE, "content-type.json");
    public static final Problem ROUTE_UNKNOWN = new Problem(ProblemType.NOT_FOUND,
            "no such route; see /v1/info and docs/openapi.yaml", FIELD_PATH, "route.unknown");
    public static final Problem ROUTE_METHOD = new Problem(ProblemType.METHOD_NOT_ALLOWED,
            "this route does not accept this method; the Allow header lists those it does", FIELD_METHOD, "route.method");
    public static final Problem BUCKET_FORMAT = new Problem(ProblemType.INVALID_BUCKET,
            "bucket must be a decimal integer without sign, leading zeros or spaces", FIELD_BUCKET, "bucket.format");
    public static final Problem BUCKET_RANGE = new Problem(ProblemType.INVALID_BUCKET,
            "bucket must be below 2^bucketBits (bucketBits from /v1/info)", FIELD_BUCKET, "bucket.range");
    public static final Problem INTERNAL = new Problem(ProblemType.INTERNAL,
            "the server could not answer; the error was logged with this request's id", null, null);

    public int status() {
        return type.status();
    }

    /** This problem as an exception, to unwind from deep in a handler. */
    public ProblemException exception() {
        return new ProblemException(this);
    }

    /** Problems about the base64url encoding of {@code blindedElement}. */
    public static final class Base64Url {
        public static final Problem ALPHABET = base64("base64url.alphabet",
                "blindedElement must use only the base64url alphabet A-Z a-z 0-9 - _");
        public static final Problem PADDING = base64("base64url.padding",
                "blindedElement must not be padded with '='");
        public static final Problem LENGTH = base64("base64url.length",
                "blindedElement has a length that no base64url encoding has");
        public static final Problem TRAILING_BITS = base64("base64url.trailing-bits",
                "blindedElement has non-zero unused bits in its last character (non-canonical base64url)");

        private Base64Url() {
        }

        private static Problem base64(String rule, String detail) {
            return new Problem(ProblemType.INVALID_BASE64URL, detail, FIELD_BLINDED_ELEMENT, rule);
        }
    }

    /**
     * The problem for an OPRF element rule ({@code org.leakcheck.protocol.oprf} exception
     * {@code rule()}), with a fixed detail per known rule.
     */
    public static Problem element(String rule) {
        String code = rule == null ? "" : rule;
        String detail = switch (code) {
            case ElementLengthException.RULE -> "blindedElement must decode to 33 bytes (a compressed SEC1 point)";
            case ElementPrefixException.RULE -> "blindedElement must start with the byte 0x02 or 0x03";
            case CoordinateRangeException.RULE -> "the x-coordinate of blindedElement must be below the field prime p";
            case PointNotOnCurveException.RULE -> "blindedElement is not a point on P-256";
            case IdentityElementException.RULE -> "blindedElement must not be the identity element";
            default -> null;
        };
        // A rule the protocol module adds later still gets a fixed answer, under a generic code.
        return detail == null
                ? new Problem(ProblemType.INVALID_ELEMENT, "blindedElement is not a valid P-256 element",
                        FIELD_BLINDED_ELEMENT, "element.invalid")
                : new Problem(ProblemType.INVALID_ELEMENT, detail, FIELD_BLINDED_ELEMENT, code);
    }
}
