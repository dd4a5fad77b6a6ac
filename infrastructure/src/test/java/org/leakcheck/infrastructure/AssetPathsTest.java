package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placeholder assets when the function jar or the built site are missing. Pure Java: no synthesis. */
class AssetPathsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    private AssetPaths resolve(Map<String, Object> context) {
        DeploymentConfig config = DeploymentConfig.fromContext(context::get, Map.of());
        return AssetPaths.resolve(config, dir.resolve("build"), new PrintStream(warnings, true, StandardCharsets.UTF_8));
    }

    @Test
    void standsInAPlaceholderForAMissingJarAndSiteAndSaysSo() {
        AssetPaths assets = resolve(Map.of("lambdaJar", dir.resolve("none.jar").toString(),
                "siteDir", dir.resolve("no-site").toString()));
        assertTrue(assets.lambdaCodeIsPlaceholder());
        assertTrue(assets.siteIsPlaceholder());
        assertTrue(assets.usesPlaceholder());
        assertTrue(assets.lambdaCode().startsWith(dir.resolve("build")));
        assertTrue(Files.isRegularFile(assets.siteContent().resolve("index.html")));
        String printed = warnings.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("lambdaJar") && printed.contains("siteDir") && printed.contains("Do not deploy"));
    }

    @Test
    void usesTheRealJarAndSiteWhenTheyExist() throws Exception {
        Path jar = Files.write(dir.resolve("function-lambda.jar"), new byte[] {0x50, 0x4b, 0x05, 0x06});
        Path site = Files.createDirectories(dir.resolve("dist"));
        Files.writeString(site.resolve("index.html"), "<!doctype html>");
        AssetPaths assets = resolve(Map.of("lambdaJar", jar.toString(), "siteDir", site.toString()));
        assertEquals(jar, assets.lambdaCode());
        assertEquals(site, assets.siteContent());
        assertFalse(assets.usesPlaceholder());
        assertFalse(warnings.toString(StandardCharsets.UTF_8).contains("lambdaJar"));
    }

    @Test
    void tellsASiteBuiltWithAnotherKeyFromOneBuiltWithTheDeploymentsKey() {
        Path site = TestKeys.siteFor(TestKeys.KEY, dir.resolve("dist"));
        Path jar = dir.resolve("none.jar");
        AssetPaths assets = resolve(Map.of("lambdaJar", jar.toString(), "siteDir", site.toString()));
        assertFalse(assets.siteLacksKey(TestKeys.KEY.publicKey()), "app.js pins the deployment's key");
        assertTrue(assets.siteLacksKey(TestKeys.OTHER.publicKey()), "a site built with another key");
        AssetPaths placeholder = resolve(Map.of("siteDir", dir.resolve("no-site").toString()));
        assertFalse(placeholder.siteLacksKey(TestKeys.KEY.publicKey()), "a placeholder is warned about already");
    }

    @Test
    void invalidatesTheRootAndEachSiteFileOrFolder() throws Exception {
        Path site = TestKeys.siteFor(TestKeys.KEY, dir.resolve("dist"));
        Files.createDirectories(site.resolve("fonts"));
        AssetPaths assets = resolve(Map.of("siteDir", site.toString()));
        assertEquals(List.of("/", "/app.js", "/fonts/*", "/index.html"), assets.siteInvalidationPaths());
    }

    @Test
    void needsNoSiteOnLocalStack() {
        AssetPaths assets = resolve(Map.of("localstack", "true", "siteDir", dir.resolve("no-site").toString()));
        assertFalse(assets.siteIsPlaceholder());
    }
}
