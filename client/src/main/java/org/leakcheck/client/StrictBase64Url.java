package org.leakcheck.client;

import java.util.Base64;

/** Base64url without padding, accepting only the canonical spelling (docs/protocol.md §7). */
final class StrictBase64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private StrictBase64Url() {
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** Decodes {@code text}, or throws {@link ResponseException} naming {@code field}. */
    static byte[] decode(String text, String field) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw new ResponseException(field + " is not unpadded base64url");
            }
        }
        if (text.length() % 4 == 1) {
            throw new ResponseException(field + " is not unpadded base64url");
        }
        byte[] bytes = Base64.getUrlDecoder().decode(text);
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw new ResponseException(field + " is not canonical base64url");
        }
        return bytes;
    }
}
