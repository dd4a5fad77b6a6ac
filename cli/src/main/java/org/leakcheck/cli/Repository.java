package org.leakcheck.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository folder, whose {@code testkit/} and {@code website/} the demo uses. */
final class Repository {

    /** Set by {@code ./leakcheck} (and the tests) to the checkout's root. */
    static final String PROPERTY = "leakcheck.root";

    private Repository() {
    }

    /** {@value #PROPERTY}, else the first folder upwards from the working directory that holds {@code testkit/}. */
    static Path root() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("testkit")) && Files.isDirectory(dir.resolve("website"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not in a leakcheck checkout (no testkit/ and website/ from " + start
                + " upwards); run ./leakcheck from the repository, or set -D" + PROPERTY);
    }
}
