package org.leakcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The {@code leakcheck} command line: its subcommands and the options of {@code serve}. Pure, no process. */
class LeakcheckCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Leakcheck.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static ServeCommand serve(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    @Test
    void helpListsEveryCommandAndShowsTheSafeCheckFirst() {
        Run run = run("--help");
        assertEquals(0, run.exit());
        for (String command : new String[] {"demo", "serve", "check", "loader"}) {
            assertTrue(run.out().contains("  " + command + " "), run.out());
        }
        assertTrue(run.out().contains("--nir -"), run.out());
    }

    @Test
    void serveTakesTheKeyAndOptionallyAnotherPublicKeyAndPartnerKeys() {
        ServeCommand defaults = serve("--endpoint", "http://127.0.0.1:1", "--table", "t", "--key", "key.json");
        assertEquals(Path.of("key.json"), defaults.key);
        assertEquals(null, defaults.publicKey, "the key's own public key");
        assertEquals(256, defaults.partnerBatchLimit, "the documented maximum");
        assertEquals(null, defaults.partnerKeyFile, "no registered caller");
        assertEquals(0, defaults.partnerQuota, "no quota");
        assertEquals(8080, defaults.port);
        ServeCommand options = serve("--endpoint", "http://127.0.0.1:1", "--table", "t", "--key", "key.json",
                "--public-key", "key.pub.json", "--partner-key-file", "partners.txt", "--partner-batch-limit", "64",
                "--partner-quota", "500", "--port", "0", "--security-headers", "h.json");
        assertEquals(Path.of("key.pub.json"), options.publicKey);
        assertEquals(Path.of("partners.txt"), options.partnerKeyFile);
        assertEquals(64, options.partnerBatchLimit);
        assertEquals(500, options.partnerQuota);
        assertEquals(0, options.port);
        assertEquals(Path.of("h.json"), options.securityHeaders);
    }

    @Test
    void serveRefusesMissingOrBadOptionsWithStatus2() {
        for (String[] bad : new String[][] {{"serve", "--endpoint", "http://x", "--table", "t"},
                {"serve", "--endpoint", "http://x", "--table", "t", "--key", "k", "--partner-batch-limit", "3"},
                {"serve", "--endpoint", "http://x", "--table", "t", "--key", "k", "--partner-batch-limit", "257"},
                {"serve", "--endpoint", "http://x", "--table", "t", "--key", "k", "--partner-quota", "0"},
                {"serve", "--endpoint", "http://x", "--table", "t", "--key", "k", "--batch-limit", "256"},
                {"serve", "--endpoint", "http://x", "--table", "t", "--key", "k", "--port", "70000"},
                {"serve", "--endpoint", "http://x", "--table", "t", "--key", "k", "--bucket-bits", "12"}}) {
            Run run = run(bad);
            assertEquals(2, run.exit(), String.join(" ", bad));
            assertTrue(run.err().startsWith("serve: "), run.err());
        }
    }

    @Test
    void serveRefusesABadPartnerKeyFileNamingTheLineNeverTheKey(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String key = "aGoodPartnerKeyOfTheTest-000000000000001";
        Path file = java.nio.file.Files.writeString(dir.resolve("partners.txt"), "# partners\n" + key + "\nshortKey\n");
        Run bad = run("serve", "--endpoint", "http://127.0.0.1:1", "--table", "t", "--key", "k.json",
                "--partner-key-file", file.toString());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().startsWith("serve: --partner-key-file: " + file + " line 3: a partner key must be 20 to 128"),
                bad.err());
        assertFalse(bad.err().contains(key) || bad.err().contains("shortKey"), "no key in the message");
        Run missing = run("serve", "--endpoint", "http://127.0.0.1:1", "--table", "t", "--key", "k.json",
                "--partner-key-file", dir.resolve("none.txt").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("cannot read"), missing.err());
        Run quotaAlone = run("serve", "--endpoint", "http://127.0.0.1:1", "--table", "t", "--key", "k.json",
                "--partner-quota", "10");
        assertEquals(2, quotaAlone.exit());
        assertTrue(quotaAlone.err().contains("--partner-quota needs --partner-key-file"), quotaAlone.err());
    }

    @Test
    void checkAndLoaderKeepTheirOwnOptionsAndStatus() {
        Run check = run("check", "--api", "http://127.0.0.1:9");
        assertEquals(2, check.exit());
        assertTrue(check.err().contains("--public-key"), check.err());
        Run loader = run("loader", "--help");
        assertEquals(0, loader.exit());
        Run demo = run("demo", "--patients", "0");
        assertEquals(2, demo.exit());
        assertTrue(demo.err().contains("--patients must be a positive integer"), demo.err());
    }

    @Test
    void theTryLinesShowMembershipWithoutWithTheRightAndWithAWrongFactorThenNotFound(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path answers = java.nio.file.Files.writeString(dir.resolve("known-answers.json"), "{\"cases\": ["
                + "{\"kind\": \"nir\", \"nir\": \"111111111111111\", \"expected\": \"present\", \"wrongFactor\": \"W1\"},"
                + "{\"kind\": \"nir\", \"nir\": \"222222222222222\", \"expected\": \"present\", \"factor\": \"0042\","
                + " \"wrongFactor\": \"0043\"},"
                + "{\"kind\": \"nir\", \"nir\": \"333333333333333\", \"expected\": \"absent\"},"
                + "{\"kind\": \"name-dob\", \"lastName\": \"Le Goff\", \"firstName\": \"Anne\", \"birthDate\": \"1980-01-02\","
                + " \"expected\": \"present-variant\", \"factor\": \"7\", \"wrongFactor\": \"8\"}]}");
        java.util.List<String> lines = TryLines.of(answers, "http://localhost:8080", Path.of("k.pub.json"));
        String prefix = "./leakcheck check --api http://localhost:8080 --public-key k.pub.json";
        assertEquals(java.util.List.of(
                "  found (details need the factor):   " + prefix + " --nir 222222222222222",
                "  found, with the factor (kinds):    " + prefix + " --nir 222222222222222 --factor 0042",
                "  found, wrong factor (membership):  " + prefix + " --nir 222222222222222 --factor 0043",
                "  not found:                         " + prefix + " --nir 333333333333333",
                "  found, by a name variant:          " + prefix + " --last-name 'Le Goff' --first-name Anne --birth-date 1980-01-02",
                "  both kinds at once:                " + prefix + " --nir 333333333333333 --last-name 'Le Goff' --first-name Anne"
                        + " --birth-date 1980-01-02"), lines);
    }

    @Test
    void serveTakesAShortManifestTtlByDefault() {
        assertEquals(2, serve("--endpoint", "http://127.0.0.1:1", "--table", "t", "--key", "k.json").manifestTtlSeconds);
        assertEquals(0, serve("--endpoint", "http://127.0.0.1:1", "--table", "t", "--key", "k.json", "--manifest-ttl", "0")
                .manifestTtlSeconds);
        Run tooLong = run("serve", "--endpoint", "http://127.0.0.1:1", "--table", "t", "--key", "k.json",
                "--manifest-ttl", "61");
        assertEquals(2, tooLong.exit());
        assertTrue(tooLong.err().contains("--manifest-ttl must be an integer from 0 to 60"), tooLong.err());
    }

    @Test
    void theDemoOffersABatchCheckOfAMemberListOfTheKnownAnswersAsAPartner(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertEquals("  a member list, as a partner:       ./leakcheck check --api http://localhost:8080 --public-key "
                + "k.pub.json --api-key-file .leakcheck/partner.key --batch members.csv --out 'my results.csv'",
                TryLines.batch("http://localhost:8080", Path.of("k.pub.json"), Path.of(".leakcheck/partner.key"),
                        Path.of("members.csv"), Path.of("my results.csv")));
        Path answers = java.nio.file.Files.writeString(dir.resolve("known-answers.json"), "{\"cases\": ["
                + "{\"kind\": \"nir\", \"nir\": \"222222222222222\", \"expected\": \"present\", \"factor\": \"0042\"},"
                + "{\"kind\": \"name-dob\", \"lastName\": \"Le Goff; dit \\\"Yann\\\"\", \"firstName\": \"Anne\","
                + " \"birthDate\": \"1980-01-02\", \"expected\": \"absent\"}]}");
        Path members = dir.resolve("members.csv");
        assertEquals(2, TryLines.writeMembers(answers,
                "\uFEFFnumero_patient;civilite;nom;prenoms;date_naissance;nir;numero_adherent;analyses", members));
        assertEquals(java.util.List.of("numero_patient;civilite;nom;prenoms;date_naissance;nir;numero_adherent;analyses",
                "M0001;;;;;222222222222222;0042;",
                "M0002;;\"Le Goff; dit \"\"Yann\"\"\";Anne;1980-01-02;;;"), java.nio.file.Files.readAllLines(members));
    }

    @Test
    void shellQuotesTheTryLinesValues() {
        assertEquals("185057800604830", TryLines.quote("185057800604830"));
        assertEquals("'Le Goff'", TryLines.quote("Le Goff"));
        assertEquals("'D'\\''Arc'", TryLines.quote("D'Arc"));
    }
}
