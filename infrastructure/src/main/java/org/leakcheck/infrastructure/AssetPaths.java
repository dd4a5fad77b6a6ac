package org.leakcheck.infrastructure;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.leakcheck.protocol.keys.PinnedKey;

/**
 * What the app takes from the other modules: the shaded function jar, the built site, and the
 * site's list of security headers.
 *
 * <p>When either is missing (the tests run before the function and the website are packaged, or
 * someone synthesizes without building), a tiny placeholder under the build folder stands in and a
 * warning is printed, so that synthesis and the tests never depend on the other modules' builds.
 * A stack synthesized with a placeholder must not be deployed: {@link #usesPlaceholder()} lets the
 * stack add a warning annotation, which {@code cdk deploy --strict} turns into an error.
 *
 * @param lambdaCode             the jar, or the placeholder directory
 * @param siteContent            the site directory, or the placeholder directory
 * @param lambdaCodeIsPlaceholder true when the jar was missing
 * @param siteIsPlaceholder       true when the site was missing
 * @param securityHeaders         the headers CloudFront adds (the site's file, which must exist)
 */
public record AssetPaths(Path lambdaCode, Path siteContent, boolean lambdaCodeIsPlaceholder,
                         boolean siteIsPlaceholder, SecurityHeaders securityHeaders) {

    static final String PLACEHOLDER_HANDLER_NOTE =
            "Placeholder asset: build the function module (mvn -pl function -am package) before deploying.\n";
    static final String PLACEHOLDER_SITE = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>leakcheck</title></head><body><p>Placeholder: build website/ (npm ci &amp;&amp; npm run build) "
            + "before deploying.</p></body></html>\n";

    /**
     * Resolves both assets.
     *
     * @param config   the paths, relative to the current directory (infrastructure/ under cdk and Maven)
     * @param buildDir folder for placeholders (the module's build folder)
     * @param warnings where to print a warning for each placeholder used
     */
    public static AssetPaths resolve(DeploymentConfig config, Path buildDir, PrintStream warnings) {
        Path jar = Path.of(config.lambdaJar()).toAbsolutePath().normalize();
        boolean jarMissing = !Files.isRegularFile(jar);
        if (jarMissing) {
            jar = placeholder(buildDir.resolve("placeholder-assets/lambda"), "README.txt", PLACEHOLDER_HANDLER_NOTE);
            warnings.println("WARNING: lambdaJar " + config.lambdaJar()
                    + " not found; using a placeholder asset. Do not deploy this synthesis.");
        }
        Path site = Path.of(config.siteDir()).toAbsolutePath().normalize();
        boolean siteMissing = !Files.isRegularFile(site.resolve("index.html"));
        if (siteMissing && config.withEdge()) {
            site = placeholder(buildDir.resolve("placeholder-assets/site"), "index.html", PLACEHOLDER_SITE);
            warnings.println("WARNING: siteDir " + config.siteDir()
                    + " has no index.html; using a placeholder page. Do not deploy this synthesis.");
        }
        SecurityHeaders headers = SecurityHeaders.load(Path.of(config.securityHeadersFile()).toAbsolutePath().normalize());
        return new AssetPaths(jar, site, jarMissing, siteMissing && config.withEdge(), headers);
    }

    /**
     * The SHA-256 of the site this deployment uploads, as an operator recomputes it from a copy of the
     * files (docs/deploy.md, "Check the deployed site"): the SHA-256 of the output of
     * {@code find . -type f | LC_ALL=C sort | xargs sha256sum} run in the site folder, that is of one
     * line {@code <hex sha256>  ./<path>} per file, sorted by path.
     */
    public String siteContentSha256() {
        try (Stream<Path> files = Files.walk(siteContent)) {
            List<String> paths = files.filter(Files::isRegularFile)
                    .map(f -> "./" + siteContent.relativize(f).toString().replace('\\', '/'))
                    .sorted(java.util.Comparator.comparing(p -> p.getBytes(StandardCharsets.UTF_8),
                            java.util.Arrays::compareUnsigned))
                    .toList();
            java.security.MessageDigest tree = java.security.MessageDigest.getInstance("SHA-256");
            for (String path : paths) {
                byte[] file = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(siteContent.resolve(path.substring(2))));
                tree.update((java.util.HexFormat.of().formatHex(file) + "  " + path + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(tree.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the site folder " + siteContent, e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** True when either asset is a placeholder. */
    public boolean usesPlaceholder() {
        return lambdaCodeIsPlaceholder || siteIsPlaceholder;
    }

    /**
     * True when the built site (not a placeholder) pins another key than {@code key}: none of its
     * scripts holds the public key's base64url text, which {@code website/build.mjs --public-key}
     * bakes into {@code app.js}. Such a site answers every check with "the service's key is not the
     * expected one", so the stack warns and {@code cdk deploy --strict} refuses it.
     */
    public boolean siteLacksKey(PinnedKey key) {
        if (siteIsPlaceholder) {
            return false;
        }
        String expected = key.publicKeyBase64Url();
        try (Stream<Path> files = Files.list(siteContent)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".js") && Files.isRegularFile(f))
                    .noneMatch(f -> contains(f, expected));
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * The CloudFront paths a site deployment invalidates: the root and the site's own files (a
     * folder as {@code /folder/*}), never {@code /*}, which would also drop every cached bucket
     * answer, immutable by design (docs/deploy.md, Caching).
     */
    public List<String> siteInvalidationPaths() {
        List<String> paths = new ArrayList<>();
        paths.add("/");
        try (Stream<Path> files = Files.list(siteContent)) {
            files.map(f -> "/" + f.getFileName() + (Files.isDirectory(f) ? "/*" : "")).sorted().forEach(paths::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the site folder " + siteContent, e);
        }
        return List.copyOf(paths);
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).contains(text);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static Path placeholder(Path dir, String fileName, String content) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(fileName), content, StandardCharsets.UTF_8);
            return dir.toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the placeholder asset folder", e);
        }
    }
}
