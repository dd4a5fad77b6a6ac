package org.leakcheck.protocol.identity;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds {@code tag || (u16 BE length || UTF-8 bytes)*}, the encoding described on {@link Identity}. */
final class CanonicalEncoding {

    private static final int MAX_FIELD_BYTES = 0xFFFF;

    private CanonicalEncoding() {
    }

    static byte[] encode(IdentityKind kind, String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(kind.tag());
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            // Canonical fields are at most 100 bytes; this guards the u16 prefix against misuse.
            if (bytes.length > MAX_FIELD_BYTES) {
                throw new IllegalArgumentException("identity field longer than a u16 length prefix allows");
            }
            out.write(bytes.length >>> 8);
            out.write(bytes.length & 0xFF);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteArray();
    }
}
