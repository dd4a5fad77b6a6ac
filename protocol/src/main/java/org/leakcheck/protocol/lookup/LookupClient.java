package org.leakcheck.protocol.lookup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.oprf.Blinded;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * The client side of a lookup, with no I/O: the caller moves the bytes over HTTP.
 *
 * <pre>
 *   prepare(identity)        -> bucket b, blinded element M       (send M to /v1/evaluate, b to /v1/buckets/b)
 *   complete(prepared, Z, D) -> y = Finalize(id, r, Z); for each dataset: find fingerprint, open details
 * </pre>
 */
public final class LookupClient {
    private final int bucketBits;
    private final ScalarSource randomness;

    /**
     * @param bucketBits the server's B, from {@code /v1/info}
     * @param randomness blinding randomness: {@link ScalarSource#secure()} outside tests
     */
    public LookupClient(int bucketBits, ScalarSource randomness) {
        this.bucketBits = Buckets.requireBits(bucketBits);
        this.randomness = randomness;
    }

    /** Step 1: the bucket to fetch and the blinded element to evaluate. */
    public PreparedLookup prepare(Identity identity) {
        byte[] input = identity.canonicalBytes();
        return new PreparedLookup(input, Buckets.bucketOf(input, bucketBits), Oprf.blind(input, randomness));
    }

    /**
     * Step 2: finalizes the OPRF and searches every dataset's entries for this identity.
     *
     * @throws org.leakcheck.protocol.oprf.InvalidElementException when the server's element is malformed
     */
    public LookupResult complete(PreparedLookup prepared, byte[] evaluatedElement, List<DatasetEntries> datasets) {
        byte[] output = Oprf.finalizeOutput(prepared.input(), prepared.blinded(), evaluatedElement);
        List<LookupResult.Match> matches = new ArrayList<>();
        for (DatasetEntries dataset : datasets) {
            Optional<Details> details = BucketItem.find(dataset.entries(), EntryKeys.derive(output, dataset.datasetId()));
            details.filter(d -> d.datasetTag() == EntryKeys.datasetTag(dataset.datasetId()))
                    .ifPresent(d -> matches.add(new LookupResult.Match(dataset.datasetId(), d)));
        }
        return new LookupResult(List.copyOf(matches));
    }

    /** The state kept between the two steps. Holds the blind: never send or log it. */
    public record PreparedLookup(byte[] input, int bucket, Blinded blinded) {
        /** The 33-byte blinded element to POST to {@code /v1/evaluate}. */
        public byte[] blindedElement() {
            return blinded.blindedElement();
        }

        @Override
        public String toString() {
            return "PreparedLookup[hidden]";
        }
    }

    /** The padded entries one dataset holds in the fetched bucket. */
    public record DatasetEntries(String datasetId, byte[] entries) {
    }
}
