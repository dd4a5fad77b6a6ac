package org.leakcheck.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.leakcheck.client.cli.CheckCli;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.InvalidIdentityException;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.protocol.lookup.Verdicts.Access;

/**
 * The client and the {@code check} command against {@link TestService} serving one dataset per
 * disclosure policy, each holding the same NIR (with the factor {@code A12345}) and the same name
 * (with no factor at all): what each policy tells with no factor, the right one and a wrong one;
 * ended datasets; the {@code /v2/info} forms a client must ignore. Needs nothing else (loopback
 * HTTP only).
 */
class DisclosurePolicyClientTest {

    private static final KeyMaterial KEY = KeyMaterial.fromSeed(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32});
    private static final Identity NIR = NirIdentity.parse("2 91 10 75 009 416 68");
    private static final Identity NAME = NameDobIdentity.parse("Exemple", "Camille", "1991-10-04");
    private static final String FACTOR = "A12345";
    /** The right factor as a person may type it: lower case, spaces and a dash. */
    private static final String FACTOR_TYPED = "a 12-345";
    private static final String WRONG = "B99999";
    private static final Set<ExposureKind> OPEN_KINDS = EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL);
    private static final Set<ExposureKind> MEMBER_KINDS = EnumSet.of(ExposureKind.INSURER, ExposureKind.ADDRESS);
    private static final Set<ExposureKind> GATED_KINDS = EnumSet.of(ExposureKind.BLOOD_GROUP);

    private TestService service;

    @BeforeEach
    void start() throws Exception {
        service = new TestService(KEY, List.of(
                new TestService.Dataset("gated-2023", 2, Map.of(NIR, GATED_KINDS, NAME, GATED_KINDS),
                        DisclosurePolicy.GATED, Map.of(NIR, FACTOR)),
                new TestService.Dataset("members-2022", 1, Map.of(NIR, MEMBER_KINDS, NAME, MEMBER_KINDS),
                        DisclosurePolicy.MEMBERSHIP, Map.of(NIR, FACTOR)),
                new TestService.Dataset("open-2021", 3, Map.of(NIR, OPEN_KINDS, NAME, OPEN_KINDS))));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private LeakcheckClient client() {
        return LeakcheckClient.builder(service.uri()).pinnedKey(KEY.publicKey()).build();
    }

    private record Seen(String dataset, Access access, Set<ExposureKind> kinds) {
    }

    private static List<Seen> seen(CheckResult result) {
        return result.exposures().stream().map(e -> new Seen(e.dataset().id(), e.access(), e.kinds())).toList();
    }

    @Test
    void withoutAFactorOpenGivesKindsMembershipAsksForTheFactorAndGatedSaysNothing() {
        CheckResult result = client().check(NIR);
        assertEquals(List.of(new Seen("members-2022", Access.FACTOR_NEEDED, Set.of()),
                new Seen("open-2021", Access.KINDS, OPEN_KINDS)), seen(result));
        assertFalse(result.factorGiven());
    }

    @Test
    void withTheRightFactorEveryPolicyGivesThePersonsKinds() {
        CheckResult result = client().check(List.of(NIR), Optional.of(FACTOR_TYPED)).get(0);
        assertEquals(List.of(new Seen("gated-2023", Access.KINDS, GATED_KINDS),
                new Seen("members-2022", Access.KINDS, MEMBER_KINDS),
                new Seen("open-2021", Access.KINDS, OPEN_KINDS)), seen(result));
        assertTrue(result.factorGiven());
    }

    @Test
    void withAWrongFactorMembershipSaysTheFactorIsWrongAndGatedSaysNothing() {
        CheckResult result = client().check(List.of(NIR), Optional.of(WRONG)).get(0);
        assertEquals(List.of(new Seen("members-2022", Access.FACTOR_WRONG, Set.of()),
                new Seen("open-2021", Access.KINDS, OPEN_KINDS)), seen(result));
    }

    @Test
    void aPersonWithoutAFactorIsFoundByMembershipOnlyWhateverIsTyped() {
        for (Optional<String> factor : List.of(Optional.<String>empty(), Optional.of(FACTOR), Optional.of(WRONG))) {
            CheckResult result = client().check(List.of(NAME), factor).get(0);
            Access expected = factor.isEmpty() ? Access.FACTOR_NEEDED : Access.FACTOR_WRONG;
            assertEquals(List.of(new Seen("members-2022", expected, Set.of()),
                    new Seen("open-2021", Access.KINDS, OPEN_KINDS)), seen(result), factor.toString());
        }
    }

    @Test
    void everySubmissionIsFourElementsAndFourBucketsPerDatasetWhateverIsTyped() {
        LeakcheckClient client = client();
        client.check(NIR);
        client.check(List.of(NIR, NAME), Optional.of(FACTOR));
        client.check(List.of(NAME), Optional.of(WRONG));
        assertEquals(List.of(4, 4, 4), service.evaluatedCounts());
        for (String dataset : List.of("gated-2023", "members-2022", "open-2021")) {
            assertEquals(3 * 4, service.count("GET /v2/buckets/" + dataset + "/"), dataset);
        }
    }

    @Test
    void theMembershipVerdictCarriesTheDatasetLevelKindsAndTheContactPoint() {
        CheckResult.Exposure membership = client().check(NIR).exposures().get(0);
        assertEquals(EnumSet.of(ExposureKind.INSURER, ExposureKind.ADDRESS), membership.dataset().exposedKinds());
        assertEquals("Cellule fuite", membership.contact().name());
        assertEquals(Optional.of("https://example.org/fuite"), membership.contact().url());
        assertEquals("Member number", membership.dataset().factor().orElseThrow().labelEn());
    }

    @Test
    void anEndedDatasetIsReportedAndNeverSearched() {
        service.end("members-2022");
        CheckResult result = client().check(List.of(NIR), Optional.of(FACTOR)).get(0);
        assertEquals(List.of("gated-2023", "open-2021"), result.checked().stream().map(DatasetInfo::id).toList());
        assertEquals(List.of("members-2022"), result.ended().stream().map(EndedDataset::id).toList());
        assertEquals("Cellule fuite", result.ended().get(0).notice().contact().name());
        assertEquals(0, service.count("GET /v2/buckets/members-2022/"), "an ended dataset's buckets are never read");
    }

    @Test
    void anInvalidFactorIsRefusedBeforeAnythingIsSent() {
        for (String bad : List.of("", "  - ", "é123", "1".repeat(33), "x".repeat(201))) {
            InvalidIdentityException e = assertThrows(InvalidIdentityException.class,
                    () -> client().check(List.of(NIR), Optional.of(bad)));
            assertEquals("factor", e.field());
        }
        assertEquals(List.of(), service.requests());
        assertThrows(IllegalArgumentException.class, () -> client().check(List.of(
                org.leakcheck.protocol.identity.FactorIdentity.bind(NIR, FACTOR))));
    }

    @Test
    void ignoresDatasetsWhosePolicyStatusEndDateFactorOrNoticeItCannotRead() {
        List<java.util.function.Consumer<ObjectNode>> breakages = List.of(
                d -> d.put("disclosure", "secret"),
                d -> d.remove("disclosure"),
                d -> d.put("status", "paused"),
                d -> d.remove("status"),
                d -> d.put("servedUntil", "next year"),
                d -> d.remove("factor"),
                d -> d.remove("notice"),
                d -> d.put("notice", "a string"),
                d -> ((ObjectNode) d.get("notice")).remove("contact"),
                d -> ((ObjectNode) d.get("notice").get("contact")).remove("name"),
                d -> d.put("exposedKinds", "IDENTITY"));
        for (int i = 0; i < breakages.size(); i++) {
            java.util.function.Consumer<ObjectNode> breakage = breakages.get(i);
            service.filterInfo(info -> {
                for (var d : info.get("datasets")) {
                    if (d.get("id").asText().equals("members-2022")) {
                        breakage.accept((ObjectNode) d);
                    }
                }
                return info;
            });
            ServiceInfo info = client().info();
            assertEquals(List.of("gated-2023", "open-2021"), info.datasets().stream().map(DatasetInfo::id).toList(),
                    "breakage " + i);
        }
        service.filterInfo(info -> {
            ((ObjectNode) info.get("datasets").get(2)).putObject("factor").putObject("label").put("fr", "x").put("en", "x");
            return info;
        });
        assertEquals(List.of("gated-2023", "members-2022"), client().info().datasets().stream().map(DatasetInfo::id)
                .toList(), "an open dataset with a factor is not ours to guess");
    }

    @Test
    void theCheckCommandPrintsOneLinePerAccessAndTheContactPointButNeverTheFactor(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key.pub.json"), KEY.publicKey().toJson());
        String[] base = {"--api", service.uri().toString(), "--public-key", key.toString(), "--nir", "291107500941668"};

        Output none = run(base, List.of());
        assertEquals(CheckCli.FOUND, none.exit, none.err);
        assertTrue(none.out.contains("  - Title of members-2022 (members-2022)\n    found; enter the factor to see which of "
                + "your data were exposed (--factor -)\n    the factor: Member number (On your insurance card)\n"
                + "    the leak contained: postal address, insurer (mutuelle) and member number\n    contact: Cellule fuite — "
                + "https://example.org/fuite, fuite@example.org, +33 1 23 45 67 89\n"), none.out);
        assertTrue(none.out.contains("    data protection officer: DPO Exemple — dpo@example.org\n"), none.out);
        assertFalse(none.out.contains("gated-2023)\n    "), "gated: not found without the factor");

        Output wrong = run(concat(base, "--factor", "-"), List.of(WRONG));
        assertEquals(CheckCli.FOUND, wrong.exit, wrong.err);
        assertTrue(wrong.out.contains("(members-2022)\n    found; the details need the right factor"), wrong.out);

        Output right = run(concat(base, "--factor", FACTOR_TYPED), List.of());
        assertEquals(CheckCli.FOUND, right.exit, right.err);
        assertTrue(right.out.contains("(gated-2023)\n    exposed: blood group\n    contact: Cellule fuite"), right.out);
        assertTrue(right.out.contains("(members-2022)\n    exposed: postal address, insurer"), right.out);

        for (Output output : List.of(none, wrong, right)) {
            String all = output.out + output.err;
            assertFalse(all.contains("A12345") || all.contains("a 12-345") || all.contains(WRONG)
                    || all.contains("291107") || all.contains("75009"), "no factor or identity is printed: " + all);
        }

        long evaluations = service.count("POST /v2/evaluate");
        Output bad = run(concat(base, "--factor", "A1234 é"), List.of());
        assertEquals(CheckCli.ERROR, bad.exit);
        assertTrue(bad.err.startsWith("leakcheck check: invalid --factor: "), bad.err);
        assertTrue(bad.err.contains("[factor.characters]"), bad.err);
        assertFalse(bad.err.contains("A1234"), "the rule, never the value: " + bad.err);
        assertEquals(evaluations, service.count("POST /v2/evaluate"), "nothing is sent");
    }

    @Test
    void theCheckCommandListsEndedDatasetsAndGatedOnesNeedingTheFactor(@TempDir Path dir) throws Exception {
        service.end("open-2021");
        Path key = Files.writeString(dir.resolve("key.pub.json"), KEY.publicKey().toJson());
        String[] absent = {"--api", service.uri().toString(), "--public-key", key.toString(), "--last-name", "Autre",
                "--first-name", "Personne", "--birth-date", "2000-01-01"};
        Output output = run(absent, List.of());
        assertEquals(CheckCli.NOT_FOUND, output.exit, output.err);
        assertTrue(output.out.contains("  - Title of gated-2023 (gated-2023) (this dataset answers only with the factor: "
                + "--factor -)\n"), output.out);
        assertTrue(output.out.contains("  ended, not searched: Title of open-2021 (open-2021), served until "
                + "2026-11-30T00:00:00Z; contact: Cellule fuite"), output.out);
    }

    @Test
    void aHostileNoticeIsPrintedWithoutControlOrBidiCharacters(@TempDir Path dir) throws Exception {
        service.filterInfo(info -> {
            for (var d : info.get("datasets")) {
                ((ObjectNode) d.get("notice").get("contact")).put("name", "Evil\u001b[2J\u202eoN\r\nFOUND: fake");
            }
            return info;
        });
        Path key = Files.writeString(dir.resolve("key.pub.json"), KEY.publicKey().toJson());
        Output output = run(new String[] {"--api", service.uri().toString(), "--public-key", key.toString(), "--nir",
            "291107500941668"}, List.of());
        assertFalse(output.out.contains("\u001b") || output.out.contains("\u202e") || output.out.contains("\r"), output.out);
        assertTrue(output.out.contains("contact: Evil [2J oN  FOUND: fake — https://example.org/fuite"), output.out);
    }

    private record Output(int exit, String out, String err) {
    }

    private static Output run(String[] args, List<String> typed) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Deque<String> values = new ArrayDeque<>(typed);
        int exit = CheckCli.run(args, prompt -> values.poll(), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Output(exit, out.toString(), err.toString());
    }

    private static String[] concat(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
