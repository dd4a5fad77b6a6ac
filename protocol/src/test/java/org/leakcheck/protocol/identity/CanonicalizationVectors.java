package org.leakcheck.protocol.identity;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared table {@code vectors/canonicalization.json} at the repository root, also replayed by
 * the website's JavaScript. Found by walking up from the working directory, so the test runs from
 * the module folder (Maven) or the repository root (IDE).
 */
final class CanonicalizationVectors {

    static final String RELATIVE_PATH = "vectors/canonicalization.json";

    /** One row: {@code canonical} is set for accepted input, {@code rule} for rejected input. */
    record Case(String field, String input, String canonical, String rule, String note) {
        @Override
        public String toString() {
            // Shown as the parameterized test name; inputs are synthetic, but notes read better.
            return field + ": " + note;
        }
    }

    private CanonicalizationVectors() {
    }

    static List<Case> load() {
        Path file = locate();
        try {
            return new ObjectMapper().readValue(file.toFile(), new TypeReference<List<Case>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE_PATH);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(RELATIVE_PATH + " not found above the working directory");
    }
}
