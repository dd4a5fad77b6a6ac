package org.leakcheck.loader.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.Callable;
import org.leakcheck.protocol.keys.KeyMaterial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code keygen}: a fresh OPRF key in a file only its owner can read. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {
            "Creates a new OPRF key (RFC 9497 DeriveKeyPair, P256-SHA256, from 32 fresh random bytes) with a"
                + " key id, and writes it to a file with mode 0600. The loader reads this file (load --key), and "
                + "so does the local server; in AWS the same JSON goes into the Secrets Manager secret read by the"
                + " evaluate function.",
            "",
            "Whoever holds this key can test guesses against the table offline: keep it off shared disks, "
                + "out of repositories and out of logs.",
            "",
            "Example:",
            "  leakcheck-loader keygen --out oprf.key",
            "  leakcheck-loader keygen --out oprf.key --secrets-manager-json > secret.json   # then put-secret-value, then shred"})
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Key file to create (mode 0600).")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing key file. The old key's loads become unreadable.")
    boolean force;

    @Option(names = "--secrets-manager-json",
            description = "Also print the JSON to store as the AWS Secrets Manager secret on stdout.")
    boolean secretsManagerJson;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(out) && !force) {
            spec.commandLine().getErr().println("keygen: " + out + " already exists; refusing to overwrite a key (use --force to replace it)");
            return 2;
        }
        KeyMaterial key = KeyMaterial.generate(new SecureRandom(), LocalDate.now(ZoneOffset.UTC));
        writePrivate(out, key.toJson(), force);
        spec.commandLine().getErr().println("keygen: wrote key " + key.keyId() + " to " + out + " (mode 0600)");
        if (secretsManagerJson) {
            spec.commandLine().getOut().print(key.toJson());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** Creates the file with owner-only permissions from the start: the key is never world-readable, even briefly. */
    static void writePrivate(Path file, String content, boolean replace) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, ".keygen-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.WRITE));
             Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
            writer.write(content);
        }
        try {
            if (replace) {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } else {
                // Without REPLACE_EXISTING the move fails if another process created the file meanwhile.
                Files.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
