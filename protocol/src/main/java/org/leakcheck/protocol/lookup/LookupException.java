package org.leakcheck.protocol.lookup;

/**
 * A lookup cannot give a verdict: the answer the client received is not one that an honest
 * service under the pinned key can give ({@code docs/protocol.md} §7.5). Never shown as "not
 * found". The message names the rule only.
 */
public final class LookupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why there is no verdict. */
    public enum Rule {
        /** The service's key, or its proof, is not the pinned one: "the service's key is not the expected one". */
        KEY_MISMATCH("key.mismatch", "the service's key is not the expected one"),
        /** A bucket item whose matching entry does not open, or with two matching entries. */
        BUCKET_CORRUPT("bucket.corrupt", "a bucket holds an entry that matches but does not open: it is corrupt or forged"),
        /** A bucket item of another size than the load's padded size. */
        BUCKET_LENGTH("bucket.length", "a bucket does not have the load's padded size"),
        /** The answer does not fit the request (count of elements, or of buckets). */
        ANSWER_SHAPE("answer.shape", "the service's answer does not match the request");

        private final String code;
        private final String sentence;

        Rule(String code, String sentence) {
            this.code = code;
            this.sentence = sentence;
        }

        public String code() {
            return code;
        }

        public String sentence() {
            return sentence;
        }
    }

    private final Rule rule;

    public LookupException(Rule rule) {
        this(rule, null);
    }

    public LookupException(Rule rule, Throwable cause) {
        super("lookup: " + rule.sentence + " [" + rule.code + "]", cause);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
