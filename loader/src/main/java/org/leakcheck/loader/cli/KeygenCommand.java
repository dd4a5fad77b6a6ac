package org.leakcheck.loader.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.Callable;
import org.leakcheck.protocol.keys.KeyMaterial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code keygen}: a fresh key seed in a file only its owner can read, and the public key beside it
 * ({@code docs/protocol.md} §4.1, §4.4).
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {
            "Creates a new key and writes it as two files: the secret key file and, beside it, the public-key"
                + " file.",
            "",
            "The key is a 32-byte random seed, from which the VOPRF key pair (RFC 9497 DeriveKeyPair,"
                + " P256-SHA256, mode 0x01), the key id and the padding key derive. keygen prints the key id and"
                + " both paths on stderr, never the seed:",
            "",
            "* FILE, the secret key file {keyId, suite, mode, seed}, mode 0600. load and verify read it"
                + " (--key), and so does the local server; in AWS the same JSON is the Secrets Manager secret of"
                + " the evaluate function.",
            "* the public-key file {keyId, suite, mode, publicKey}, mode 0644, beside it: FILE with .json"
                + " replaced by .pub.json, or FILE + .pub.json. Clients pin it: website/build.mjs --public-key,"
                + " leakcheck check --public-key, and the buckets function's configuration.",
            "",
            "Whoever holds the secret key file can test guesses against the table offline: keep it off shared"
                + " disks, out of repositories and out of logs. The public-key file is safe to publish.",
            "",
            "Examples:",
            "  leakcheck-loader keygen --out key.json       # key.json and key.pub.json",
            "  leakcheck-loader keygen --out key.json --secrets-manager-json > secret.json",
            "      (then aws secretsmanager put-secret-value, then shred secret.json)"})
final class KeygenCommand implements Callable<Integer> {
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Secret key file to create (mode 0600); the public-key file is written beside it.")
    Path out;

    @Option(names = "--force", description = "Overwrite existing key files. The old key's loads can no longer be served.")
    boolean force;

    @Option(names = "--secrets-manager-json",
            description = "Also print the secret key file's JSON (the AWS Secrets Manager secret) on stdout.")
    boolean secretsManagerJson;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Path pub = publicKeyFile(out);
        for (Path file : new Path[] {out, pub}) {
            if (Files.exists(file) && !force) {
                err.println("keygen: " + file + " already exists; refusing to overwrite a key (use --force to replace it)");
                return 2;
            }
        }
        KeyMaterial key = KeyMaterial.generate(new SecureRandom());
        writePrivate(out, key.toJson(), force);
        writePublic(pub, key.publicKey().toJson());
        err.println("keygen: key id " + key.keyId());
        err.println("keygen: secret key file " + out + " (mode 0600; keep it secret)");
        err.println("keygen: public-key file " + pub + " (mode 0644; pin it in clients)");
        if (secretsManagerJson) {
            spec.commandLine().getOut().print(key.toJson());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** The public-key file of secret key file {@code secret}: {@code .json} replaced by {@code .pub.json}, else {@code .pub.json} appended. */
    static Path publicKeyFile(Path secret) {
        String name = secret.getFileName().toString();
        String pub = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) + ".pub.json"
                : name + ".pub.json";
        return secret.resolveSibling(pub);
    }

    /** Creates the file with owner-only permissions from the start: the seed is never world-readable, even briefly. */
    private static void writePrivate(Path file, String content, boolean replace) throws IOException {
        Path tmp = write(file, content, PosixFilePermissions.fromString("rw-------"));
        move(tmp, file, replace);
    }

    /** Writes the public-key file with mode 0644 whatever the umask: it is meant to be read by builds and services. */
    private static void writePublic(Path file, String content) throws IOException {
        Path tmp = write(file, content, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(tmp, PUBLIC);
        // Replacing is safe here: call() refused an existing file unless --force was given.
        move(tmp, file, true);
    }

    private static Path write(Path file, String content, Set<PosixFilePermission> mode) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, ".keygen-", ".tmp", PosixFilePermissions.asFileAttribute(mode));
        try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.WRITE));
             Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
            writer.write(content);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private static void move(Path tmp, Path file, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                // Without REPLACE_EXISTING the move fails if another process created the file meanwhile.
                Files.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
