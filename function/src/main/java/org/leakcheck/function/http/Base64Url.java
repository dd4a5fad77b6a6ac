package org.leakcheck.function.http;

import java.util.Base64;

/**
 * Strict base64url without padding (RFC 4648 §5): one valid spelling per byte string. Rejects
 * '=' padding, characters outside {@code A-Z a-z 0-9 - _} (so '+', '/', whitespace), impossible
 * lengths, and non-zero unused bits in the last character.
 */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    /** Encodes without padding. */
    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes {@code text}.
     *
     * @throws ProblemException naming the base64url rule broken
     */
    public static byte[] decode(String text) throws ProblemException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=') {
                throw Problem.Base64Url.PADDING.exception();
            }
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw Problem.Base64Url.ALPHABET.exception();
            }
        }
        if (text.length() % 4 == 1) {
            throw Problem.Base64Url.LENGTH.exception();
        }
        byte[] bytes = DECODER.decode(text);
        // The JDK decoder ignores unused trailing bits; re-encoding shows whether they were zero.
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw Problem.Base64Url.TRAILING_BITS.exception();
        }
        return bytes;
    }
}
