package org.leakcheck.loader.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.leakcheck.loader.source.SourceRow;
import org.leakcheck.protocol.identity.Factor;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.InvalidIdentityException;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;

/**
 * Turns one source row into its canonical identities: the NIR, and last name + first name + birth
 * date, once with the usage name and once with the birth name when the two differ.
 *
 * <p>A field that fails canonicalization is reported by its rule (never its value) and the row
 * keeps its other identities; a row left with none is rejected with the first rule it broke.
 * The row's factors ({@code identity.factor} cells) are canonicalized too ({@link Factor}); an
 * invalid one is reported under its rule ({@code factor.*}) and dropped, which drops only the
 * factor-bound entries it would have made: the row's identities stay.
 */
final class RowIdentities {
    /** Rule of a row that has no identity column filled at all. */
    static final String NO_IDENTITY = "row.no-identity";

    private RowIdentities() {
    }

    /** The outcome for one row: its identities and canonical factors (distinct), or the rule that rejects it. */
    record Result(List<Identity> identities, List<String> factors, String rejectionRule) {
        boolean accepted() {
            return !identities.isEmpty();
        }
    }

    /**
     * @param fieldIssues told (line, rule) for every identity field that was present but invalid
     */
    static Result of(SourceRow row, BiConsumer<Long, String> fieldIssues) {
        List<Identity> out = new ArrayList<>(3);
        String firstRule = null;
        if (present(row.nir())) {
            try {
                out.add(NirIdentity.parse(row.nir()));
            } catch (InvalidIdentityException e) {
                fieldIssues.accept(row.lineNumber(), e.rule());
                firstRule = e.rule();
            }
        }
        if (present(row.lastName()) || present(row.firstNames()) || present(row.birthDate())) {
            try {
                NameDobIdentity usage = NameDobIdentity.parse(row.lastName(), row.firstNames(), row.birthDate());
                out.add(usage);
                if (present(row.birthName())) {
                    addBirthName(row, usage, out, fieldIssues);
                }
            } catch (InvalidIdentityException e) {
                fieldIssues.accept(row.lineNumber(), e.rule());
                firstRule = firstRule == null ? e.rule() : firstRule;
            }
        }
        if (out.isEmpty()) {
            return new Result(List.of(), List.of(), firstRule == null ? NO_IDENTITY : firstRule);
        }
        return new Result(out, factors(row, fieldIssues), null);
    }

    private static List<String> factors(SourceRow row, BiConsumer<Long, String> fieldIssues) {
        if (row.factors().isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(row.factors().size());
        for (String cell : row.factors()) {
            try {
                String factor = Factor.canonical(cell);
                if (!out.contains(factor)) {
                    out.add(factor);
                }
            } catch (InvalidIdentityException e) {
                fieldIssues.accept(row.lineNumber(), e.rule());
            }
        }
        return out;
    }

    private static void addBirthName(SourceRow row, NameDobIdentity usage, List<Identity> out,
                                     BiConsumer<Long, String> fieldIssues) {
        try {
            NameDobIdentity birth = NameDobIdentity.parse(row.birthName(), row.firstNames(), row.birthDate());
            if (!birth.equals(usage)) {
                out.add(birth);
            }
        } catch (InvalidIdentityException e) {
            fieldIssues.accept(row.lineNumber(), e.rule());
        }
    }

    private static boolean present(String cell) {
        return cell != null && !cell.isBlank();
    }
}
