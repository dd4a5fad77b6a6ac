package org.leakcheck.function.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import org.leakcheck.protocol.encoding.Base64Url;

/**
 * Strong entity tags for cacheable documents (RFC 9110 §8.8.3) and the {@code If-None-Match}
 * check (§13.1.2, weak comparison as that section requires).
 */
public final class ETags {

    private ETags() {
    }

    /** {@code "<base64url of the first 16 bytes of SHA-256(body)>"}: equal bodies, equal tags, across instances. */
    public static String of(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "\"" + Base64Url.encode(Arrays.copyOf(digest, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** True when {@code ifNoneMatch} (a header value, may be null) lists {@code etag} or is {@code *}. */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = opaque(etag);
        for (String candidate : ifNoneMatch.split(",", -1)) {
            String tag = candidate.trim();
            if (tag.equals("*") || opaque(tag).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
