package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.load.spill.SpillWriter;
import org.leakcheck.loader.load.spill.WorkDir;
import org.leakcheck.protocol.identity.FactorIdentity;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.store.Progress;

/**
 * Which entries each policy makes of a person's rows, merged across rows and across partitions
 * (docs/protocol.md §3.1): phases merge and compute's merging of copies, on person records as
 * phase read writes them, in a real work directory split into three partitions. Synthetic
 * identities only; needs nothing.
 */
class PersonMergeTest {
    private static final Identity NIR = NirIdentity.parse("185057800604830");
    private static final Identity NAME = NameDobIdentity.parse("Lefèvre", "Hélène", "1985-05-12");
    private static final Identity BIRTH_NAME = NameDobIdentity.parse("Martin", "Hélène", "1985-05-12");
    private static final int EMAIL = 1 << 4;
    private static final int PHONE = 1 << 3;
    private static final int IDENTITY = 1;
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    /** One row as phase read writes it. */
    private record Row(long person, List<Identity> identities, List<String> factors, int mask) {
    }

    /** An entry's mask and scope after merging. */
    private record Entry(int mask, boolean membershipOnly) {
    }

    private record Merged(PersonMerge.Counts counts, Map<String, Entry> entries) {
    }

    private Merged merge(DisclosurePolicy policy, Row... rows) throws Exception {
        Path work = Files.createTempDirectory(dir, "work");
        try (Workers workers = new Workers(2);
             WorkDir spill = WorkDir.open(work, "test", new byte[32], new SecureRandom())) {
            SpillWriter[] writers = new SpillWriter[PARTITIONS];
            for (int p = 0; p < PARTITIONS; p++) {
                writers[p] = spill.writer(Partitions.name(PersonSpill.PREFIX, p), 4096);
            }
            for (Row row : rows) {
                ByteArrayOutputStream record = new ByteArrayOutputStream();
                PersonSpill.writeRecord(record, row.person(), row.mask(), row.identities(), row.factors());
                writers[Partitions.of(row.person(), PARTITIONS)].write(record.toByteArray());
            }
            for (SpillWriter w : writers) {
                w.close();
            }
            PersonMerge.Counts counts = PersonMerge.run(spill, PARTITIONS, policy, workers, Progress.NONE);
            Map<String, Entry> entries = new HashMap<>();
            for (int q = 0; q < PARTITIONS; q++) {
                for (EntryEvaluation.Distinct d : EntryEvaluation.distinct(spill, q)) {
                    assertFalse(entries.containsKey(HexFormat.of().formatHex(d.canonical)), "each entry in one partition");
                    entries.put(HexFormat.of().formatHex(d.canonical), new Entry(d.mask, d.membershipOnly));
                }
            }
            return new Merged(counts, entries);
        }
    }

    private static String hex(Identity identity) {
        return HexFormat.of().formatHex(identity.canonicalBytes());
    }

    private static String hex(Identity identity, String factor) {
        return hex(FactorIdentity.bind(identity, factor));
    }

    /** One person whose two rows carry different identities and different factors. */
    private Merged twoRows(DisclosurePolicy policy) throws Exception {
        return merge(policy,
                new Row(1, List.of(NIR), List.of("MU0042"), IDENTITY | EMAIL),
                new Row(1, List.of(NAME, BIRTH_NAME), List.of("MU0042", "B7"), IDENTITY | PHONE));
    }

    @Test
    void bindsAFactorExactlyAsTheProtocolEncodesAFactorIdentity() {
        for (Identity base : List.of(NIR, NAME)) {
            assertArrayEquals(FactorIdentity.bind(base, "MU0042B").canonicalBytes(),
                    PersonMerge.bind(base.canonicalBytes(), "MU0042B".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void openWritesEachIdentityOnceWithThePersonsKindsAndNoFactorBoundEntry() throws Exception {
        Merged merged = twoRows(DisclosurePolicy.OPEN);

        assertEquals(3, merged.entries().size());
        for (Identity identity : List.of(NIR, NAME, BIRTH_NAME)) {
            assertEquals(new Entry(IDENTITY | EMAIL | PHONE, false), merged.entries().get(hex(identity)));
        }
        assertEquals(1, merged.counts().persons());
        assertEquals(0, merged.counts().personsWithoutFactor());
    }

    @Test
    void membershipWritesPlainMembershipOnlyEntriesAndEveryIdentityFactorPairWithKinds() throws Exception {
        Merged merged = twoRows(DisclosurePolicy.MEMBERSHIP);

        assertEquals(3 + 3 * 2, merged.entries().size());
        for (Identity identity : List.of(NIR, NAME, BIRTH_NAME)) {
            assertEquals(new Entry(0, true), merged.entries().get(hex(identity)));
            for (String factor : List.of("MU0042", "B7")) {
                // The NIR's row had only MU0042: the pair with B7 comes from the other row.
                assertEquals(new Entry(IDENTITY | EMAIL | PHONE, false), merged.entries().get(hex(identity, factor)));
            }
        }
        assertEquals(IDENTITY | EMAIL | PHONE, merged.counts().exposedMask());
    }

    @Test
    void gatedWritesOnlyTheFactorBoundEntries() throws Exception {
        Merged merged = twoRows(DisclosurePolicy.GATED);

        assertEquals(6, merged.entries().size());
        assertFalse(merged.entries().containsKey(hex(NIR)));
        assertTrue(merged.entries().containsKey(hex(BIRTH_NAME, "B7")));
    }

    @Test
    void aPersonWithoutFactorGetsThePlainEntryUnderMembershipAndNothingUnderGated() throws Exception {
        for (DisclosurePolicy policy : List.of(DisclosurePolicy.MEMBERSHIP, DisclosurePolicy.GATED)) {
            Merged merged = merge(policy,
                    new Row(1, List.of(NIR, NAME), List.of(), IDENTITY),
                    new Row(2, List.of(BIRTH_NAME), List.of("MU0042"), IDENTITY));

            assertEquals(1, merged.counts().personsWithoutFactor(), policy.label());
            assertEquals(policy == DisclosurePolicy.MEMBERSHIP, merged.entries().containsKey(hex(NIR)), policy.label());
            assertTrue(merged.entries().containsKey(hex(BIRTH_NAME, "MU0042")), policy.label());
            assertFalse(merged.entries().containsKey(hex(NIR, "MU0042")), "no factor of another person");
        }
    }

    @Test
    void twoPersonsSharingAnEntryGiveItBothTheirMasks() throws Exception {
        // Persons 1 and 2 land in different partitions of the persons (1 % 3, 2 % 3): their copies of
        // the shared entries meet in the entry partition of its encoding.
        Merged merged = merge(DisclosurePolicy.MEMBERSHIP,
                new Row(1, List.of(NAME), List.of("MU0042"), IDENTITY | EMAIL),
                new Row(2, List.of(NAME), List.of("MU0042"), IDENTITY | PHONE),
                new Row(2, List.of(NIR), List.of(), IDENTITY));

        assertEquals(2, merged.counts().persons());
        assertEquals(new Entry(IDENTITY | EMAIL | PHONE, false), merged.entries().get(hex(NAME, "MU0042")));
        assertEquals(new Entry(IDENTITY | PHONE, false), merged.entries().get(hex(NIR, "MU0042")));
        assertEquals(new Entry(0, true), merged.entries().get(hex(NAME)));
    }

    @Test
    void keepsEntriesDistinctWellPastTheTablesFirstGrowth() throws Exception {
        Row[] rows = new Row[10_000];
        for (int i = 0; i < 5_000; i++) {
            Row row = new Row(i, List.of(NIR), List.of("F" + i), IDENTITY);
            rows[2 * i] = row;
            rows[2 * i + 1] = row;
        }
        Merged merged = merge(DisclosurePolicy.GATED, rows);

        assertEquals(5_000, merged.counts().persons());
        assertEquals(5_000, merged.entries().size());
    }
}
