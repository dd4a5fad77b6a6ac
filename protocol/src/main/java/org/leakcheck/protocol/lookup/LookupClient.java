package org.leakcheck.protocol.lookup;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.keys.PinnedKey;
import org.leakcheck.protocol.oprf.Blinded;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfException;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * The client side of a submission ({@code docs/protocol.md} §7.1), with no I/O: the caller moves
 * the bytes over HTTP.
 *
 * <pre>
 *   prepare(identities, Q)         -> Q blinded elements, dummies included, in random order
 *                                     (POST them to /v2/evaluate)
 *   finalize(submission, Z[], pi)  -> verifies the proof against the pinned key, y_i = Finalize(x_i, r_i, Z_i)
 *   evaluated.buckets(load)        -> the Q buckets to GET for that dataset (dummies' too)
 *   evaluated.results(items)       -> one verdict per identity: the datasets it is in, with their details
 *   Verdicts.combine(plain, bound) -> per base identity typed, with its factor-bound twin (§7.5)
 * </pre>
 *
 * <p>The page's submission holds Q = {@link BatchSizes#PAGE} elements: each base identity typed and,
 * when a factor was typed, each one bound to it ({@link org.leakcheck.protocol.identity.FactorIdentity}).
 */
public final class LookupClient {
    private static final int DUMMY_SIZE = 32;

    private final PinnedKey pinned;
    private final ScalarSource blinds;
    private final SecureRandom random;

    /**
     * @param pinned the public key this client expects; proofs are checked against it only
     * @param blinds blinding randomness: {@link ScalarSource#secure()} outside tests
     * @param random dummies and slot order
     */
    public LookupClient(PinnedKey pinned, ScalarSource blinds, SecureRandom random) {
        this.pinned = Objects.requireNonNull(pinned, "pinned");
        this.blinds = Objects.requireNonNull(blinds, "blinds");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A client with secure randomness. */
    public LookupClient(PinnedKey pinned) {
        this(pinned, ScalarSource.secure(), new SecureRandom());
    }

    /** The key this client trusts. */
    public PinnedKey pinned() {
        return pinned;
    }

    /**
     * Step 1: blinds {@code identities} and {@code q - identities.size()} random dummies, in a random
     * order. Nothing about the identities shows in the order, the count or the elements.
     *
     * @throws IllegalArgumentException when there are no identities or more than {@code q}
     */
    public Submission prepare(List<Identity> identities, int q) {
        if (identities.isEmpty() || identities.size() > q) {
            throw new IllegalArgumentException("a submission holds 1 to q identities");
        }
        List<Slot> slots = new ArrayList<>(q);
        for (int i = 0; i < identities.size(); i++) {
            slots.add(new Slot(i, identities.get(i).canonicalBytes()));
        }
        while (slots.size() < q) {
            byte[] dummy = new byte[DUMMY_SIZE];
            random.nextBytes(dummy);
            slots.add(new Slot(-1, dummy));
        }
        Collections.shuffle(slots, random);
        List<Blinded> blinded = new ArrayList<>(q);
        for (Slot slot : slots) {
            blinded.add(Oprf.VERIFIABLE.blind(slot.input(), blinds));
        }
        return new Submission(List.copyOf(slots), List.copyOf(blinded), identities.size());
    }

    /**
     * Step 2: checks the answer against the pinned key, then finalizes every slot.
     *
     * @throws LookupException {@code key.mismatch} when the key id is not the pinned key's, or the
     *                         proof does not verify under it or does not cover the request;
     *                         {@code answer.shape} when an evaluated element is not a valid point
     */
    public Evaluated finalize(Submission submission, List<byte[]> evaluatedElements, byte[] proof, String keyId) {
        if (!pinned.keyId().equals(keyId)) {
            throw new LookupException(LookupException.Rule.KEY_MISMATCH);
        }
        if (evaluatedElements.size() != submission.slots.size()) {
            throw new LookupException(LookupException.Rule.KEY_MISMATCH);
        }
        List<byte[]> inputs = submission.slots.stream().map(Slot::input).toList();
        try {
            List<byte[]> outputs = Oprf.VERIFIABLE.finalizeBatch(inputs, submission.blinded, evaluatedElements,
                    proof, pinned.publicKey());
            return new Evaluated(submission, outputs);
        } catch (OprfException e) {
            // docs/protocol.md §7.5: a proof that fails, or does not cover the request, is the key
            // error; an element that is not a point is a malformed answer.
            throw new LookupException(e.isElementRule() ? LookupException.Rule.ANSWER_SHAPE : LookupException.Rule.KEY_MISMATCH, e);
        }
    }

    /** One element of a submission: a real identity (its index) or a dummy (-1). */
    private record Slot(int identity, byte[] input) {
    }

    /** The state kept between the steps. Holds the blinds: never send or log it. */
    public static final class Submission {
        private final List<Slot> slots;
        private final List<Blinded> blinded;
        private final int identities;

        private Submission(List<Slot> slots, List<Blinded> blinded, int identities) {
            this.slots = slots;
            this.blinded = blinded;
            this.identities = identities;
        }

        /** The Q blinded elements to POST, in slot order. */
        public List<byte[]> blindedElements() {
            return blinded.stream().map(Blinded::blindedElement).toList();
        }

        /** Q, the number of elements (identities and dummies). */
        public int size() {
            return slots.size();
        }

        @Override
        public String toString() {
            return "Submission[hidden]";
        }
    }

    /** The padded bucket items fetched for one dataset load, one per slot, in slot order. */
    public record DatasetItems(DatasetLoad load, int paddedSize, List<byte[]> items) {
    }

    /** The finalized outputs of a submission. Holds the OPRF outputs: never send or log it. */
    public static final class Evaluated {
        private final Submission submission;
        private final List<byte[]> outputs;

        private Evaluated(Submission submission, List<byte[]> outputs) {
            this.submission = submission;
            this.outputs = outputs;
        }

        /** The Q buckets to read for {@code load}, in slot order, dummies' included. */
        public int[] buckets(DatasetLoad load) {
            int[] buckets = new int[outputs.size()];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = EntryKeys.derive(outputs.get(i), load).bucket();
            }
            return buckets;
        }

        /**
         * One verdict per identity, in the order they were given to {@code prepare}.
         *
         * @throws LookupException {@code bucket.length} or {@code bucket.corrupt} (§7.5); dummies'
         *                         items are checked for their length too
         */
        public List<LookupResult> results(List<DatasetItems> datasets) {
            List<List<LookupResult.Match>> matches = new ArrayList<>();
            for (int i = 0; i < submission.identities; i++) {
                matches.add(new ArrayList<>());
            }
            for (DatasetItems dataset : datasets) {
                if (dataset.items().size() != outputs.size()) {
                    throw new LookupException(LookupException.Rule.ANSWER_SHAPE);
                }
                for (int s = 0; s < outputs.size(); s++) {
                    byte[] item = dataset.items().get(s);
                    if (item.length != dataset.paddedSize() * Entry.SIZE) {
                        throw new LookupException(LookupException.Rule.BUCKET_LENGTH);
                    }
                    int identity = submission.slots.get(s).identity();
                    if (identity >= 0) {
                        String id = dataset.load().datasetId();
                        Optional<Details> details = BucketItem.find(item, EntryKeys.derive(outputs.get(s), dataset.load()), id);
                        details.ifPresent(d -> matches.get(identity).add(new LookupResult.Match(id, d)));
                    }
                }
            }
            return matches.stream().map(m -> new LookupResult(List.copyOf(m))).toList();
        }

        @Override
        public String toString() {
            return "Evaluated[hidden]";
        }
    }
}
