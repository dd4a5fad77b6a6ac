package org.leakcheck.client;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.protocol.lookup.Verdicts;

/**
 * The outcome for one person of a batch check: a verdict per identity given, or one explicit
 * error (the evaluation or a bucket read of the person's batch failed after every retry, or its
 * answer broke the protocol). Never both, never neither.
 *
 * @param index   the person's position in the input, from 0
 * @param results one verdict per identity, in the order given; empty when {@code error} is set
 * @param error   why the person has no verdict
 */
public record BatchResult(long index, List<CheckResult> results, Optional<LeakcheckException> error) {

    public BatchResult {
        results = List.copyOf(results);
        if (error.isPresent() == !results.isEmpty()) {
            throw new IllegalArgumentException("a batch result is verdicts or an error");
        }
    }

    /** True when at least one identity of the person is in at least one dataset. */
    public boolean found() {
        return results.stream().anyMatch(CheckResult::found);
    }

    /**
     * The person's verdicts, per dataset id (sorted), over all their identities: the best access
     * ({@code KINDS} over {@code FACTOR_WRONG} over {@code FACTOR_NEEDED}) and the union of the
     * kinds the {@code KINDS} matches carry.
     */
    public Map<String, Verdicts.Match> byDataset() {
        Map<String, Verdicts.Match> merged = new TreeMap<>();
        for (CheckResult result : results) {
            for (CheckResult.Exposure exposure : result.exposures()) {
                Verdicts.Match match = new Verdicts.Match(exposure.dataset().id(), exposure.access(), exposure.kinds());
                merged.merge(match.datasetId(), match, BatchResult::better);
            }
        }
        return merged;
    }

    private static Verdicts.Match better(Verdicts.Match a, Verdicts.Match b) {
        if (a.access() == Verdicts.Access.KINDS && b.access() == Verdicts.Access.KINDS) {
            Set<ExposureKind> kinds = EnumSet.noneOf(ExposureKind.class);
            kinds.addAll(a.kinds());
            kinds.addAll(b.kinds());
            return new Verdicts.Match(a.datasetId(), Verdicts.Access.KINDS, kinds);
        }
        return rank(a.access()) >= rank(b.access()) ? a : b;
    }

    private static int rank(Verdicts.Access access) {
        return switch (access) {
            case KINDS -> 2;
            case FACTOR_WRONG -> 1;
            case FACTOR_NEEDED -> 0;
        };
    }
}
