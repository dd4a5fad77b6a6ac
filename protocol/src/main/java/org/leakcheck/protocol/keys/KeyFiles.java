package org.leakcheck.protocol.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one reader of key files: the secret key file {@code key.json} ({@link KeyMaterial}) and the
 * public-key file {@code key.pub.json} ({@link PinnedKey}), both written by {@code keygen}. Every
 * program that reads one (the loader, the functions, the local server, the check client) reads it
 * here. An error names the file and the rule it broke, never the file's content: a secret must not
 * reach a log or a terminal because its file was malformed.
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * Reads the secret key file at {@code path}.
     *
     * @throws IOException           if the file cannot be read (its message names the path)
     * @throws IllegalStateException {@code key file <path> is invalid: <rule>} if it is not a key file
     */
    public static KeyMaterial readSecret(Path path) throws IOException {
        String json = Files.readString(path, StandardCharsets.UTF_8);
        try {
            return KeyMaterial.parse(json);
        } catch (RuntimeException e) {
            // KeyMaterial's messages name the rule only; the file's text is never in them.
            throw new IllegalStateException("key file " + path + " is invalid: " + e.getMessage());
        }
    }

    /**
     * Reads the public-key file at {@code path}.
     *
     * @throws IOException           if the file cannot be read (its message names the path)
     * @throws IllegalStateException {@code public-key file <path> is not a valid public-key file: <rule>}
     */
    public static PinnedKey readPublic(Path path) throws IOException {
        return parsePublic(Files.readString(path, StandardCharsets.UTF_8), "public-key file " + path);
    }

    /**
     * Parses the contents of a public-key file that came from {@code source} (an environment
     * variable, say), named in the error.
     *
     * @throws IllegalStateException {@code <source> is not a valid public-key file: <rule>}
     */
    public static PinnedKey parsePublic(String json, String source) {
        try {
            return PinnedKey.parse(json);
        } catch (RuntimeException e) {
            throw new IllegalStateException(source + " is not a valid public-key file: " + e.getMessage());
        }
    }
}
