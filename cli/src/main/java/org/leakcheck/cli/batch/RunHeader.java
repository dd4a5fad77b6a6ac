package org.leakcheck.cli.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first line of an output file: what its rows depend on, so that {@code --resume} against
 * another input, other options or a service that now serves other datasets is refused.
 *
 * <pre>
 * # leakcheck check --batch v1 input-sha256=… input-bytes=… options-sha256=… datasets=demo-2021|other-2024
 * </pre>
 *
 * The options digest covers the pinned key id, the mapping (its file's content, or the default),
 * {@code --factor-column}, {@code --id-column}, {@code --delimiter} and {@code --encoding}: not the
 * URL (one service may have two), nor what only changes the speed (concurrency, bucket reads).
 */
record RunHeader(String inputSha256, long inputBytes, String optionsSha256, List<String> datasets) {

    static final String PREFIX = "# leakcheck check --batch v1";

    RunHeader {
        datasets = List.copyOf(datasets);
    }

    String line() {
        return PREFIX + " input-sha256=" + inputSha256 + " input-bytes=" + inputBytes + " options-sha256=" + optionsSha256
                + " datasets=" + String.join("|", datasets);
    }

    /** Throws a {@link ResultFile.ResumeException} that says what differs when {@code written} is not this header. */
    void check(String written, Path file) {
        if (written.equals(line())) {
            return;
        }
        String name = file.getFileName().toString();
        if (!written.startsWith(PREFIX + " ")) {
            throw new ResultFile.ResumeException(name + " is not the output of leakcheck check --batch (no run header)");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : written.substring(PREFIX.length() + 1).split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        if (!inputSha256.equals(fields.get("input-sha256")) || !String.valueOf(inputBytes).equals(fields.get("input-bytes"))) {
            throw new ResultFile.ResumeException(name + " was written for another input file (its SHA-256 differs): "
                    + "resume with the same --batch file, or write to a new --out");
        }
        if (!optionsSha256.equals(fields.get("options-sha256"))) {
            throw new ResultFile.ResumeException(name + " was written with other options (mapping, --factor-column, "
                    + "--id-column, --delimiter, --encoding or the public key): resume with the same ones");
        }
        throw new ResultFile.ResumeException(name + " was written when the service served the datasets "
                + fields.getOrDefault("datasets", "") + "; it now serves " + String.join("|", datasets)
                + ": its rows would not be comparable; write to a new --out");
    }

    /** Hex SHA-256 of a file's bytes. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Hex SHA-256 of the given parts, each length-prefixed (so that no two lists collide). */
    static String sha256(List<String> parts) {
        MessageDigest digest = sha256();
        for (String part : parts) {
            byte[] bytes = (part == null ? "\u0000null" : part).getBytes(StandardCharsets.UTF_8);
            digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
