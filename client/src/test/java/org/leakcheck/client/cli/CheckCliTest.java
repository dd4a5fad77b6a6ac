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
 * the real local server and dynalite, are in the cli module's LookupIntegrationTest; the
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
    void readsAValueGivenAsDashFromStandardInputNotFromTheCommandLine() throws IOException {
        List<String> prompts = new ArrayList<>();
        java.util.Iterator<String> typed = List.of("1 85 05 78 006 048 30").iterator();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path key = dir.resolve("key.pub.json");
        runWithKey("--api", NOWHERE, "--nir", "x");
        int exit = CheckCli.run(new String[] {"--api", NOWHERE, "--public-key", key.toString(), "--nir", "-"},
                prompt -> {
                    prompts.add(prompt);
                    return typed.hasNext() ? typed.next() : null;
                }, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(List.of("NIR: "), prompts);
        // Read and valid: the check went on to the (unreachable) API.
        assertEquals(CheckCli.ERROR, exit);
        assertTrue(err.toString().contains("cannot reach the API"), err.toString());
        assertFalse(err.toString().contains("185"), "never echoed");
    }

    @Test
    void readsEachDashValueInTheOrderOfTheOptionsAndStopsAtTheEndOfInput() throws IOException {
        runWithKey("--api", NOWHERE, "--nir", "x");
        Path key = dir.resolve("key.pub.json");
        List<String> prompts = new ArrayList<>();
        java.util.Iterator<String> lines = List.of("Dupont", "Marie").iterator();
        StringWriter err = new StringWriter();
        int exit = CheckCli.run(new String[] {"--api", NOWHERE, "--public-key", key.toString(),
            "--birth-date", "-", "--first-name", "-", "--last-name", "-"}, prompt -> {
                prompts.add(prompt);
                return lines.hasNext() ? lines.next() : null;
            }, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(List.of("Last name: ", "First name: ", "Birth date (YYYY-MM-DD or DD/MM/YYYY): "), prompts);
        assertEquals(CheckCli.ERROR, exit);
        assertTrue(err.toString().contains("--birth-date -: standard input ended"), err.toString());
    }

    @Test
    void helpShowsTheDashFirst() {
        Run run = run("--help");
        String help = run.out();
        assertTrue(help.contains("--nir -"), help);
        assertTrue(help.indexOf("--nir -") < help.lastIndexOf("--nir=-|NIR"), "the safe way before the option list");
    }

    @Test
    void theFactorIsReadAfterTheIdentitysValuesAndCheckedBeforeAnythingIsSent() throws IOException {
        runWithKey("--api", NOWHERE, "--nir", "x");
        Path key = dir.resolve("key.pub.json");
        List<String> prompts = new ArrayList<>();
        java.util.Iterator<String> lines = List.of("185057800604830", "12/34 é").iterator();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CheckCli.run(new String[] {"--api", NOWHERE, "--public-key", key.toString(), "--factor", "-",
            "--nir", "-"}, prompt -> {
                prompts.add(prompt);
                return lines.hasNext() ? lines.next() : null;
            }, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(List.of("NIR: ", "Factor (as printed, e.g. your mutuelle member number): "), prompts);
        assertEquals(CheckCli.ERROR, exit);
        assertTrue(err.toString().startsWith("leakcheck check: invalid --factor: "), err.toString());
        assertTrue(err.toString().contains("[factor.characters]"), err.toString());
        assertFalse(err.toString().contains("12/34") || err.toString().contains("1234"), "never echoed");
        Run alone = runWithKey("--api", NOWHERE, "--factor", "123");
        assertEquals(CheckCli.ERROR, alone.exit());
        assertTrue(alone.err().contains("give --nir"), alone.err());
    }

    @Test
    void helpDocumentsTheFactorAndTheExitStatus() {
        String help = run("--help").out();
        assertTrue(help.contains("--factor=-|VALUE"), help);
        assertTrue(help.contains("--nir - --factor -"), help);
        assertTrue(help.contains("Exit status:"), help);
        for (String status : List.of("0   found", "1   not found", "2   error")) {
            assertTrue(help.contains(status), status + " in " + help);
        }
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
