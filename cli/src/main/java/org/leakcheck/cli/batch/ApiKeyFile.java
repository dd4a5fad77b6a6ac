package org.leakcheck.cli.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A registered caller's API key, read once from a file (never from the command line, where
 * {@code ps} shows it), validated, and never printed. A file other users may read is refused: the
 * key is a contract's quota, and whoever reads it spends it. A file its group may read is accepted
 * with a warning.
 */
final class ApiKeyFile {

    /** API Gateway keys are 20 to 128 printable characters; a little room either side. */
    static final int MAX_LENGTH = 256;

    private ApiKeyFile() {
    }

    /**
     * @param warn told a warning (never the key)
     * @throws IllegalArgumentException with a sentence that names the file, never the key
     */
    static String read(Path file, Consumer<String> warn) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--api-key-file " + file + ": not a readable file");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                throw new IllegalArgumentException("--api-key-file " + file + " is readable by every user of this "
                        + "machine: chmod 600 it first");
            }
            if (permissions.contains(PosixFilePermission.GROUP_READ)) {
                warn.accept("--api-key-file " + file + " is readable by its group; chmod 600 it");
            }
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file system's ACLs apply.
        }
        if (Files.size(file) > MAX_LENGTH + 2) {
            throw new IllegalArgumentException("--api-key-file " + file + ": longer than an API key");
        }
        String key = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (key.isEmpty() || key.length() > MAX_LENGTH || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("--api-key-file " + file + ": an API key is one line of printable "
                    + "ASCII without spaces");
        }
        return key;
    }
}
