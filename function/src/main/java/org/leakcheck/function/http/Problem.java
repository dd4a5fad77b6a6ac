package org.leakcheck.function.http;

import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.oprf.OprfException;

/**
 * One RFC 9457 problem: a type, a fixed detail sentence, and the field and rule at fault.
 *
 * <p>Every instance is built from the constants and factories below, never from request data
 * (an element's position in the batch and the configured batch limit that applies to the caller
 * are the only variable parts), so a problem body can never echo input back.
 *
 * @param type   the kind of problem (gives status and title)
 * @param detail a fixed English sentence explaining the rule
 * @param field  the request part at fault ({@code blindedElements[1]}, {@code bucket}, {@code body},
 *               {@code Content-Type}, {@code path}, {@code method}, ...), or null for a 500 and for
 *               the daily cap, which no part of the request breaks
 * @param rule   the stable rule code, or null for a 500
 */
public record Problem(ProblemType type, String detail, String field, String rule) {

    // Field names used in problems.
    public static final String FIELD_BODY = "body";
    public static final String FIELD_BLINDED_ELEMENTS = "blindedElements";
    public static final String FIELD_DATASET = "dataset";
    public static final String FIELD_LOAD = "load";
    public static final String FIELD_BUCKET = "bucket";
    public static final String FIELD_CONTENT_TYPE = "Content-Type";
    public static final String FIELD_PATH = "path";
    public static final String FIELD_METHOD = "method";

    /** Largest accepted body of {@code POST /v2/evaluate} (docs/protocol.md §7.2). */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    public static final Problem BODY_SIZE = new Problem(ProblemType.PAYLOAD_TOO_LARGE,
            "the body must be at most 16384 bytes", FIELD_BODY, "body.size");
    public static final Problem CONTENT_TYPE = new Problem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
            "the request must be sent with Content-Type: application/json", FIELD_CONTENT_TYPE, "content-type.json");
    public static final Problem BODY_ENCODING = new Problem(ProblemType.INVALID_JSON,
            "the base64-encoded body could not be decoded", FIELD_BODY, "body.encoding");
    public static final Problem BODY_JSON = new Problem(ProblemType.INVALID_JSON,
            "the body is not one well-formed JSON value", FIELD_BODY, "body.json");
    public static final Problem BODY_FIELDS = new Problem(ProblemType.INVALID_REQUEST,
            "the body must be a JSON object with exactly one field, blindedElements", FIELD_BODY, "body.fields");
    public static final Problem BODY_TYPE = new Problem(ProblemType.INVALID_REQUEST,
            "blindedElements must be a JSON array of strings", FIELD_BLINDED_ELEMENTS, "body.type");
    public static final Problem BATCH_EMPTY = new Problem(ProblemType.INVALID_REQUEST,
            "blindedElements must hold at least one element", FIELD_BLINDED_ELEMENTS, "batch.empty");
    /** The rule of a batch over the caller's limit ({@link #batchTooLarge}). */
    public static final String BATCH_TOO_LARGE_RULE = "batch.too-large";
    public static final Problem DATASET_FORMAT = new Problem(ProblemType.INVALID_BUCKET,
            "dataset must be a dataset id: 3 to 40 characters of a-z, 0-9 and '-', not starting or ending with '-'",
            FIELD_DATASET, "dataset.format");
    public static final Problem LOAD_FORMAT = new Problem(ProblemType.INVALID_BUCKET,
            "load must be a load id: 32 lower-case hex characters", FIELD_LOAD, "load.format");
    public static final Problem BUCKET_FORMAT = new Problem(ProblemType.INVALID_BUCKET,
            "bucket must be a decimal integer without sign, leading zeros or spaces", FIELD_BUCKET, "bucket.format");
    public static final Problem BUCKET_RANGE = new Problem(ProblemType.INVALID_BUCKET,
            "bucket must be below 2^bucketBits of the dataset (bucketBits from /v2/info)", FIELD_BUCKET, "bucket.range");
    public static final Problem LOAD_UNKNOWN = new Problem(ProblemType.NOT_FOUND,
            "this dataset is not served under this load (it may just have been reloaded); read /v2/info again",
            FIELD_LOAD, "load.unknown");
    public static final Problem ROUTE_UNKNOWN = new Problem(ProblemType.NOT_FOUND,
            "no such route; see /v2/info and docs/openapi.yaml", FIELD_PATH, "route.unknown");
    public static final Problem ROUTE_METHOD = new Problem(ProblemType.METHOD_NOT_ALLOWED,
            "this route does not accept this method; the Allow header lists those it does", FIELD_METHOD, "route.method");
    /** The evaluate function's daily cap per client address (docs/deploy.md, "Limits"). */
    public static final Problem DAILY_CAP = new Problem(ProblemType.RATE_LIMITED,
            "this address has used up its evaluations for today (UTC); retry tomorrow, or from another network",
            null, "rate.daily");
    public static final Problem INTERNAL = new Problem(ProblemType.INTERNAL,
            "the server could not answer; the error was logged with this request's id", null, null);

    /** The rule of an element rejected for a reason docs/protocol.md does not list. Never sent (see {@link #element}). */
    public static final String ELEMENT_INVALID_RULE = "element.invalid";

    public int status() {
        return type.status();
    }

    /** This problem as an exception, to unwind from deep in a handler. */
    public ProblemException exception() {
        return new ProblemException(this);
    }

    /** The field of the element at {@code index} of the batch: {@code blindedElements[index]}. */
    public static String elementField(int index) {
        return FIELD_BLINDED_ELEMENTS + "[" + index + "]";
    }

    /**
     * The batch holds more elements than the caller may send: {@code limit}, the public's Q
     * ({@code batch.page} of /v2/info) or the registered callers' limit ({@code batch.limit}). The
     * detail names which one applies and its value, both from the configuration, never the count sent.
     */
    public static Problem batchTooLarge(boolean registered, int limit) {
        String detail = registered
                ? "blindedElements must hold at most " + limit + " elements, the limit of registered API callers "
                        + "(batch.limit of /v2/info)"
                : "blindedElements must hold at most " + limit + " elements without a registered API key, the "
                        + "page's batch (batch.page of /v2/info); registered API callers may send up to batch.limit";
        return new Problem(ProblemType.INVALID_REQUEST, detail, FIELD_BLINDED_ELEMENTS, BATCH_TOO_LARGE_RULE);
    }

    /** The element at {@code index} is not strict base64url. */
    public static Problem base64url(Base64Url.Rule rule, int index) {
        return new Problem(ProblemType.INVALID_BASE64URL, "the element " + rule.sentence(), elementField(index),
                rule.code());
    }

    /**
     * The element at {@code index} broke {@code rule} of RFC 9497 §4.3 DeserializeElement
     * (docs/protocol.md §4.5). The switch is exhaustive: a rule the protocol module adds must be
     * given its answer here before this compiles. The rules that are not about an element cannot
     * come from deserializing one; they get the generic {@code element.invalid}, which a
     * conforming server never sends.
     */
    public static Problem element(OprfException.Rule rule, int index) {
        String detail = switch (rule) {
            case ELEMENT_LENGTH -> "the element must decode to 33 bytes (a compressed SEC1 point)";
            case ELEMENT_PREFIX -> "the element must start with the byte 0x02 or 0x03";
            case ELEMENT_COORDINATE_RANGE -> "the x-coordinate of the element must be below the field prime p";
            case ELEMENT_NOT_ON_CURVE -> "the element is not a point on P-256";
            case ELEMENT_IDENTITY -> "the element must not be the identity element";
            case SCALAR_LENGTH, SCALAR_ZERO, SCALAR_RANGE, INPUT_LENGTH, INPUT_IDENTITY, SEED_LENGTH, INFO_LENGTH,
                    KEY_DERIVE, BATCH_SIZE, PROOF_INVALID, PROOF_FORMAT -> null;
        };
        return detail == null
                ? new Problem(ProblemType.INVALID_ELEMENT, "the element is not a valid P-256 element",
                        elementField(index), ELEMENT_INVALID_RULE)
                : new Problem(ProblemType.INVALID_ELEMENT, detail, elementField(index), rule.code());
    }
}
