package org.leakcheck.protocol.oprf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Loads the official RFC vector files copied under {@code src/test/resources/rfc/}. */
final class RfcVectors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RfcVectors() {
    }

    static JsonNode load(String fileName) {
        String resource = "/rfc/" + fileName;
        try (InputStream in = RfcVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(JsonNode node) {
        return HexFormat.of().parseHex(node.asText());
    }

    static byte[] hexBytes(String text) {
        return HexFormat.of().parseHex(text);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
