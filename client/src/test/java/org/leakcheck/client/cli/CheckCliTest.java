package org.leakcheck.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.ExposureKind;

/**
 * The check command's usage and errors. Found / not found / both kinds, and a wrong key, against
 * the real local server and dynalite, are in the function module's integration test; the
 * protocol cases against a tampering service are in LeakcheckClientTest.
 */
class CheckCliTest {

    private static final String NOWHERE = "http://127.0.0.1:9";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CheckCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private Run runWithKey(String... args) throws IOException {
        Path key = dir.resolve("key.pub.json");
        if (!Files.exists(key)) {
            Files.writeString(key, KeyMaterial.fromSeed(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}).publicKey().toJson());
        }
        List<String> all = new ArrayList<>(List.of("--public-key", key.toString()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    @Test
    void anInvalidIdentityExitsWith2NamingTheRuleNotTheValue() throws IOException {
        Run run = runWithKey("--api", NOWHERE, "--nir", "1 85 05 78 006 048 31");
        assertEquals(CheckCli.ERROR, run.exit());
        assertTrue(run.err().contains("invalid --nir"), run.err());
        assertTrue(run.err().contains("[nir.key]"), run.err());
        assertFalse(run.err().contains("1 85 05") || run.err().contains("18505"), "the NIR is never printed");

        Run date = runWithKey("--api", NOWHERE, "--last-name", "Martin", "--first-name", "Anne",
                "--birth-date", "31/02/1980");
        assertEquals(CheckCli.ERROR, date.exit());
        assertTrue(date.err().contains("invalid --birth-date"), date.err());
        assertTrue(date.err().contains("[date.impossible]"), date.err());
        assertFalse(date.err().contains("Martin"));
    }

    @Test
    void needsAnIdentityAndAllThreeNameFieldsOfANameCheck() throws IOException {
        assertEquals(CheckCli.ERROR, runWithKey("--api", NOWHERE).exit());
        Run partial = runWithKey("--api", NOWHERE, "--nir", "185057800604830", "--last-name", "Martin");
        assertEquals(CheckCli.ERROR, partial.exit());
        assertTrue(partial.err().contains("all three"), partial.err());
        Run noApi = runWithKey("--nir", "185057800604830");
        assertEquals(CheckCli.ERROR, noApi.exit());
        assertTrue(noApi.err().contains("--api"));
    }

    @Test
    void thePublicKeyIsRequiredAndChecked() throws IOException {
        Run none = run("--api", NOWHERE, "--nir", "185057800604830");
        assertEquals(CheckCli.ERROR, none.exit());
        assertTrue(none.err().contains("--public-key"), none.err());
        Run missing = run("--api", NOWHERE, "--public-key", dir.resolve("absent.json").toString(), "--nir", "185057800604830");
        assertEquals(CheckCli.ERROR, missing.exit());
        assertTrue(missing.err().contains("cannot read it"), missing.err());
        Path secret = Files.writeString(dir.resolve("key.json"), KeyMaterial.fromSeed(new byte[32]).toJson());
        Run notPublic = run("--api", NOWHERE, "--public-key", secret.toString(), "--nir", "185057800604830");
        assertEquals(CheckCli.ERROR, notPublic.exit());
        assertTrue(notPublic.err().contains("is not a public-key file"), notPublic.err());
        assertFalse(notPublic.err().contains(KeyMaterial.fromSeed(new byte[32]).toJson()), "never the secret's content");
    }

    @Test
    void anUnreachableApiExitsWith2() throws IOException {
        Run run = runWithKey("--api", NOWHERE, "--nir", "185057800604830");
        assertEquals(CheckCli.ERROR, run.exit());
        assertTrue(run.err().contains("cannot reach the API"), run.err());
    }

    @Test
    void helpExitsWith0() {
        Run run = run("--help");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("--last-name"));
        assertTrue(run.out().contains("--public-key"));
    }

    @Test
    void namesExposedKindsInPlainWords() {
        assertEquals("identity (names, birth date), social security number (NIR), blood group",
                ExposureWords.list(EnumSet.of(ExposureKind.BLOOD_GROUP, ExposureKind.NIR, ExposureKind.IDENTITY)));
        for (ExposureKind kind : ExposureKind.values()) {
            assertFalse(ExposureWords.of(kind).contains("_"), kind.name());
        }
    }
}
