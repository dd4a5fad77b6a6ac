package org.leakcheck.protocol.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.oprf.InvalidElementException;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfKey;
import org.leakcheck.protocol.oprf.ScalarSource;

/** The client side against an in-process "server" built from the same key, as the loader builds the table. */
class LookupClientTest {
    private static final String DATASET = "labs-2021";
    private static final OprfKey KEY = Oprf.generateKey(new SecureRandom(), Labels.ascii(Labels.KEY_INFO));
    private static final Identity PRESENT = NirIdentity.parse("1 85 05 78 006 048 30");
    private static final Identity ABSENT = NameDobIdentity.parse("Lefèvre", "Hélène", "1985-05-12");
    private final LookupClient client = new LookupClient(4, ScalarSource.secure());

    @Test
    void findsALoadedIdentityAndOpensItsDetails() {
        LookupClient.PreparedLookup prepared = client.prepare(PRESENT);
        LookupResult result = client.complete(prepared, Oprf.blindEvaluate(KEY, prepared.blindedElement()),
                List.of(new LookupClient.DatasetEntries(DATASET, bucketWith(PRESENT, prepared.bucket()))));

        assertTrue(result.found());
        assertEquals(DATASET, result.matches().get(0).datasetId());
        assertEquals(EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL), result.matches().get(0).details().kinds());
    }

    @Test
    void doesNotFindAnIdentityThatWasNotLoaded() {
        LookupClient.PreparedLookup prepared = client.prepare(ABSENT);
        LookupResult result = client.complete(prepared, Oprf.blindEvaluate(KEY, prepared.blindedElement()),
                List.of(new LookupClient.DatasetEntries(DATASET, bucketWith(PRESENT, prepared.bucket()))));
        assertFalse(result.found());
    }

    @Test
    void doesNotFindUnderAnotherKey() {
        OprfKey other = Oprf.generateKey(new SecureRandom(), Labels.ascii(Labels.KEY_INFO));
        LookupClient.PreparedLookup prepared = client.prepare(PRESENT);
        LookupResult result = client.complete(prepared, Oprf.blindEvaluate(other, prepared.blindedElement()),
                List.of(new LookupClient.DatasetEntries(DATASET, bucketWith(PRESENT, prepared.bucket()))));
        assertFalse(result.found());
    }

    @Test
    void blindedElementChangesOnEveryLookup() {
        assertFalse(java.util.Arrays.equals(client.prepare(PRESENT).blindedElement(), client.prepare(PRESENT).blindedElement()));
    }

    @Test
    void rejectsAMalformedEvaluatedElement() {
        LookupClient.PreparedLookup prepared = client.prepare(PRESENT);
        assertThrows(InvalidElementException.class, () -> client.complete(prepared, new byte[33], List.of()));
    }

    @Test
    void preparedLookupNeverPrintsItsSecrets() {
        assertEquals("PreparedLookup[hidden]", client.prepare(PRESENT).toString());
    }

    private static byte[] bucketWith(Identity identity, int bucket) {
        byte[] output = Oprf.evaluate(KEY, identity.canonicalBytes());
        List<byte[]> entries = new ArrayList<>();
        entries.add(Entry.seal(EntryKeys.derive(output, DATASET),
                Details.of(EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL), DATASET)));
        byte[] paddingKey = PaddingFiller.paddingKey("k".repeat(32).getBytes(StandardCharsets.US_ASCII));
        return BucketItem.encode(entries, 16, new PaddingFiller(paddingKey, DATASET, bucket));
    }
}
