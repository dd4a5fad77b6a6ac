package org.leakcheck.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the {@code testkit} folder whose {@code node_modules} holds dynalite.
 *
 * <p>Consuming modules set the system property {@value #PROPERTY} in their surefire
 * configuration ({@code ${project.basedir}/../testkit}); without it we walk up from the working
 * directory, which covers IDE runs started in any module folder.
 */
final class TestkitDir {

    /** System property naming the testkit folder explicitly. */
    static final String PROPERTY = "leakcheck.testkit.dir";

    /** dynalite's command-line entry point (package.json "bin"), relative to the testkit folder. */
    static final Path CLI = Path.of("node_modules", "dynalite", "cli.js");

    /** Keeps the child from outliving the JVM; committed next to package.json. */
    static final Path EXIT_WITH_PARENT = Path.of("exit-with-parent.cjs");

    private TestkitDir() {
    }

    /** Returns the testkit folder, or throws with instructions if dynalite is not installed. */
    static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!isInstalled(dir)) {
                throw new IllegalStateException("dynalite not found under " + PROPERTY + "=" + dir
                        + ": expected " + CLI + "; run `mvn -pl testkit generate-resources` (npm ci)");
            }
            return dir;
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isInstalled(dir)) {
                return dir;
            }
            Path child = dir.resolve("testkit");
            if (isInstalled(child)) {
                return child;
            }
        }
        throw new IllegalStateException("dynalite not found from " + start + " upwards (looked for testkit/"
                + CLI + "); build the testkit module first (`mvn -pl testkit generate-resources` runs npm ci)"
                + " or set -D" + PROPERTY + "=<path to testkit>");
    }

    private static boolean isInstalled(Path dir) {
        return Files.isRegularFile(dir.resolve(CLI)) && Files.isRegularFile(dir.resolve(EXIT_WITH_PARENT));
    }
}
