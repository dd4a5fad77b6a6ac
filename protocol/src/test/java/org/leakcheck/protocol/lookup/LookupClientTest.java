package org.leakcheck.protocol.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.leakcheck.protocol.identity.FactorIdentity;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.oprf.BatchEvaluation;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.ScalarSource;

/** The client side against an in-process "server" built from the same key, as the loader builds the table. */
class LookupClientTest {
    private static final KeyMaterial KEY = KeyMaterial.generate(new SecureRandom());
    private static final KeyMaterial OTHER_KEY = KeyMaterial.generate(new SecureRandom());
    private static final DatasetLoad LOAD = EntryTest.load("labs-2021", 5, 3);
    private static final Identity PRESENT = NirIdentity.parse("1 85 05 78 006 048 30");
    private static final Identity ABSENT = NameDobIdentity.parse("Lefèvre", "Hélène", "1985-05-12");
    private static final int Q = BatchSizes.PAGE;
    private static final Identity PRESENT_WITH_FACTOR = FactorIdentity.bind(PRESENT, "MU0042B");
    private final LookupClient client = new LookupClient(KEY.publicKey());

    @Test
    void findsALoadedIdentityAndOpensItsDetails() {
        List<LookupResult> results = run(List.of(PRESENT), KEY);
        assertEquals(1, results.size());
        assertTrue(results.get(0).found());
        assertEquals("labs-2021", results.get(0).matches().get(0).datasetId());
        assertEquals(EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL), results.get(0).matches().get(0).details().kinds());
    }

    @Test
    void givesOneVerdictPerIdentityInTheirOrder() {
        List<LookupResult> results = run(List.of(ABSENT, PRESENT), KEY);
        assertFalse(results.get(0).found());
        assertTrue(results.get(1).found());
    }

    @Test
    void alwaysSendsQElementsWhateverWasTyped() {
        assertEquals(Q, client.prepare(List.of(PRESENT), Q).blindedElements().size());
        assertEquals(Q, client.prepare(List.of(PRESENT, ABSENT), Q).blindedElements().size());
        assertThrows(IllegalArgumentException.class, () -> client.prepare(List.of(), Q));
        assertEquals(Q, client.prepare(List.of(PRESENT, ABSENT, PRESENT_WITH_FACTOR, FactorIdentity.bind(ABSENT, "1")), Q)
                .blindedElements().size());
        assertThrows(IllegalArgumentException.class,
                () -> client.prepare(List.of(PRESENT, ABSENT, PRESENT, ABSENT, PRESENT), Q));
    }

    @Test
    void dummiesAreFreshAndTheirBucketsAreReadToo() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            LookupClient.Submission submission = client.prepare(List.of(PRESENT), Q);
            for (byte[] element : submission.blindedElements()) {
                assertTrue(seen.add(java.util.HexFormat.of().formatHex(element)), "an element was sent twice");
            }
            LookupClient.Evaluated evaluated = evaluate(submission, KEY);
            assertEquals(Q, evaluated.buckets(LOAD).length);
        }
    }

    @Test
    void anEvaluationUnderAnotherKeyIsAKeyMismatchNotNotFound() {
        LookupException e = assertThrows(LookupException.class, () -> run(List.of(PRESENT), OTHER_KEY));
        assertEquals(LookupException.Rule.KEY_MISMATCH, e.rule());
    }

    @Test
    void aTamperedProofIsAKeyMismatch() {
        LookupClient.Submission submission = client.prepare(List.of(PRESENT), Q);
        BatchEvaluation answer = Oprf.VERIFIABLE.blindEvaluateBatch(KEY.key(), submission.blindedElements(), ScalarSource.secure());
        byte[] proof = answer.proof();
        proof[40] ^= 1;
        LookupException e = assertThrows(LookupException.class,
                () -> client.finalize(submission, answer.evaluatedElements(), proof, KEY.keyId()));
        assertEquals(LookupException.Rule.KEY_MISMATCH, e.rule());
    }

    @Test
    void anotherKeyIdIsAKeyMismatch() {
        LookupClient.Submission submission = client.prepare(List.of(PRESENT), Q);
        BatchEvaluation answer = Oprf.VERIFIABLE.blindEvaluateBatch(KEY.key(), submission.blindedElements(), ScalarSource.secure());
        LookupException e = assertThrows(LookupException.class,
                () -> client.finalize(submission, answer.evaluatedElements(), answer.proof(), OTHER_KEY.keyId()));
        assertEquals(LookupException.Rule.KEY_MISMATCH, e.rule());
    }

    @Test
    void aShortAnswerIsAKeyMismatch() {
        LookupClient.Submission submission = client.prepare(List.of(PRESENT), Q);
        BatchEvaluation answer = Oprf.VERIFIABLE.blindEvaluateBatch(KEY.key(), submission.blindedElements(), ScalarSource.secure());
        LookupException e = assertThrows(LookupException.class,
                () -> client.finalize(submission, answer.evaluatedElements().subList(0, 1), answer.proof(), KEY.keyId()));
        assertEquals(LookupException.Rule.KEY_MISMATCH, e.rule());
    }

    @Test
    void anEvaluatedElementThatIsNotAPointIsAMalformedAnswer() {
        LookupClient.Submission submission = client.prepare(List.of(PRESENT), Q);
        BatchEvaluation answer = Oprf.VERIFIABLE.blindEvaluateBatch(KEY.key(), submission.blindedElements(), ScalarSource.secure());
        List<byte[]> broken = new ArrayList<>(answer.evaluatedElements());
        broken.set(0, new byte[33]);
        LookupException e = assertThrows(LookupException.class,
                () -> client.finalize(submission, broken, answer.proof(), KEY.keyId()));
        assertEquals(LookupException.Rule.ANSWER_SHAPE, e.rule());
    }

    @Test
    void aBucketOfTheWrongSizeIsRefused() {
        LookupClient.Evaluated evaluated = evaluate(client.prepare(List.of(PRESENT), Q), KEY);
        List<byte[]> items = new ArrayList<>(List.of(new byte[15 * Entry.SIZE]));
        while (items.size() < Q) {
            items.add(new byte[16 * Entry.SIZE]);
        }
        LookupException e = assertThrows(LookupException.class,
                () -> evaluated.results(List.of(new LookupClient.DatasetItems(LOAD, 16, items))));
        assertEquals(LookupException.Rule.BUCKET_LENGTH, e.rule());
    }

    @Test
    void aMembershipDatasetGivesKindsWithTheRightFactorAndMembershipOnlyWithAWrongOne() {
        // §3.1 membership: the plain entry is scope MEMBERSHIP, the factor-bound one carries the kinds.
        List<Identity> right = List.of(PRESENT, PRESENT_WITH_FACTOR);
        List<LookupResult> found = run(right, KEY, this::membershipItem);
        assertTrue(found.get(0).matches().get(0).details().membershipOnly());
        assertEquals(List.of(new Verdicts.Match("labs-2021", Verdicts.Access.KINDS,
                EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL))), Verdicts.combine(found.get(0), found.get(1)));

        List<LookupResult> wrong = run(List.of(PRESENT, FactorIdentity.bind(PRESENT, "MU0042C")), KEY, this::membershipItem);
        assertEquals(List.of(new Verdicts.Match("labs-2021", Verdicts.Access.FACTOR_WRONG, Set.of())),
                Verdicts.combine(wrong.get(0), wrong.get(1)));

        List<LookupResult> none = run(List.of(PRESENT), KEY, this::membershipItem);
        assertEquals(List.of(new Verdicts.Match("labs-2021", Verdicts.Access.FACTOR_NEEDED, Set.of())),
                Verdicts.combine(none.get(0), null));
    }

    @Test
    void statesNeverPrintTheirSecrets() {
        LookupClient.Submission submission = client.prepare(List.of(PRESENT), Q);
        assertEquals("Submission[hidden]", submission.toString());
        assertEquals("Evaluated[hidden]", evaluate(submission, KEY).toString());
    }

    private List<LookupResult> run(List<Identity> identities, KeyMaterial serverKey) {
        return run(identities, serverKey, LookupClientTest::item);
    }

    private List<LookupResult> run(List<Identity> identities, KeyMaterial serverKey, java.util.function.IntFunction<byte[]> table) {
        LookupClient.Submission submission = client.prepare(identities, Q);
        LookupClient.Evaluated evaluated = evaluate(submission, serverKey);
        int[] buckets = evaluated.buckets(LOAD);
        List<byte[]> items = new ArrayList<>();
        for (int bucket : buckets) {
            items.add(table.apply(bucket));
        }
        return evaluated.results(List.of(new LookupClient.DatasetItems(LOAD, 16, items)));
    }

    /** The server under {@code serverKey}: the answer keeps the pinned key id, as a lying server would. */
    private LookupClient.Evaluated evaluate(LookupClient.Submission submission, KeyMaterial serverKey) {
        BatchEvaluation answer = Oprf.VERIFIABLE.blindEvaluateBatch(serverKey.key(), submission.blindedElements(), ScalarSource.secure());
        return client.finalize(submission, answer.evaluatedElements(), answer.proof(), KEY.keyId());
    }

    /** The loader's item for {@code bucket}: PRESENT's entry if it falls there, filler otherwise. */
    private static byte[] item(int bucket) {
        byte[] output = Oprf.VERIFIABLE.evaluate(KEY.key(), PRESENT.canonicalBytes());
        EntryKeys keys = EntryKeys.derive(output, LOAD);
        List<byte[]> entries = new ArrayList<>();
        if (keys.bucket() == bucket) {
            entries.add(Entry.seal(keys, Details.of(EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL), LOAD.datasetId())));
        }
        return BucketItem.encode(entries, 16, new PaddingFiller(KEY.paddingKey(), LOAD, bucket));
    }

    /** A membership load's item for {@code bucket}: PRESENT's membership entry and its factor-bound entry, where they fall. */
    private byte[] membershipItem(int bucket) {
        List<byte[]> entries = new ArrayList<>();
        EntryKeys plain = EntryKeys.derive(Oprf.VERIFIABLE.evaluate(KEY.key(), PRESENT.canonicalBytes()), LOAD);
        EntryKeys bound = EntryKeys.derive(Oprf.VERIFIABLE.evaluate(KEY.key(), PRESENT_WITH_FACTOR.canonicalBytes()), LOAD);
        if (plain.bucket() == bucket) {
            entries.add(Entry.seal(plain, Details.membership(LOAD.datasetId())));
        }
        if (bound.bucket() == bucket) {
            entries.add(Entry.seal(bound, Details.of(EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL), LOAD.datasetId())));
        }
        return BucketItem.encode(entries, 16, new PaddingFiller(KEY.paddingKey(), LOAD, bucket));
    }
}
