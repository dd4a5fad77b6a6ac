package org.leakcheck.protocol.encoding;

import java.util.Base64;

/**
 * Strict base64url without padding (RFC 4648 §5), the encoding of every binary value of the
 * protocol ({@code docs/protocol.md} §7): one valid spelling per byte string. Rejects {@code =}
 * padding, characters outside {@code A-Z a-z 0-9 - _} (so {@code +}, {@code /}, whitespace),
 * impossible lengths, and non-zero unused bits in the last character. The one implementation,
 * used by the functions, the client and the key files.
 */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Which rule a text broke; {@link #code()} is the stable rule code of the API's problems. */
    public enum Rule {
        ALPHABET("base64url.alphabet", "must use only the base64url alphabet A-Z a-z 0-9 - _"),
        PADDING("base64url.padding", "must not be padded with '='"),
        LENGTH("base64url.length", "has a length that no base64url encoding has"),
        TRAILING_BITS("base64url.trailing-bits", "has non-zero unused bits in its last character (non-canonical base64url)");

        private final String code;
        private final String sentence;

        Rule(String code, String sentence) {
            this.code = code;
            this.sentence = sentence;
        }

        public String code() {
            return code;
        }

        /** A fixed sentence, to follow the name of the field. */
        public String sentence() {
            return sentence;
        }
    }

    /** A text that is not strict base64url; the message names the rule, never the text. */
    public static final class InvalidException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final Rule rule;

        InvalidException(Rule rule) {
            super("base64url: " + rule.sentence + " [" + rule.code + "]");
            this.rule = rule;
        }

        public Rule rule() {
            return rule;
        }
    }

    private Base64Url() {
    }

    /** Encodes without padding. */
    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes {@code text}.
     *
     * @throws InvalidException naming the rule broken
     */
    public static byte[] decode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=') {
                throw new InvalidException(Rule.PADDING);
            }
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw new InvalidException(Rule.ALPHABET);
            }
        }
        if (text.length() % 4 == 1) {
            throw new InvalidException(Rule.LENGTH);
        }
        byte[] bytes = DECODER.decode(text);
        // The JDK decoder ignores unused trailing bits; re-encoding shows whether they were zero.
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw new InvalidException(Rule.TRAILING_BITS);
        }
        return bytes;
    }
}
