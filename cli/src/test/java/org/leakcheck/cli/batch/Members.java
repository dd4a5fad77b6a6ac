package org.leakcheck.cli.batch;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.leakcheck.loader.source.ColumnMapping;
import org.leakcheck.loader.source.CsvSource;
import org.leakcheck.loader.source.SourceOptions;
import org.leakcheck.loader.source.SourceRow;
import org.leakcheck.protocol.identity.Factor;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.InvalidIdentityException;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;

/**
 * A members file with known truth, built from generated leaks: persons of the loaded leak (found)
 * and of a second leak of another seed (mostly absent), with the right factor, a wrong one, none,
 * or only one of their identities, shuffled, plus a few records the reader rejects. The truth is
 * computed here, from the loaded leak file itself, with the loader's rules: a person's plain
 * entries are their identities (NIR; name + first name + birth date, with the usage and the birth
 * name), their factor-bound entries each identity with each of their factors.
 */
final class Members {

    static final String HEADER = "member_id;last_name;first_names;birth_date;nir;member_number";
    static final String MAPPING = "{\"identity.nir\": \"nir\", \"identity.lastName\": \"last_name\","
            + " \"identity.firstNames\": \"first_names\", \"identity.birthDate\": \"birth_date\","
            + " \"identity.factor\": \"member_number\", \"person.key\": \"member_id\"}";

    /** The expected verdict of one output row: "found:kinds", "found:factor-needed", "found:factor-wrong", "not-found", "rejected". */
    record Expected(long line, String id, String verdict) {
    }

    /** The raw cells of a member, as written. */
    record Member(String lastName, String firstNames, String birthDate, String nir, String factor) {
    }

    private final Set<String> plain = new HashSet<>();
    private final Set<String> bound = new HashSet<>();
    final List<Expected> expected = new ArrayList<>();
    /** Every NIR and name written to the file, for the leak scans. */
    final Set<String> nirs = new HashSet<>();
    final Set<String> names = new HashSet<>();

    /** Reads the loaded leak: its entries, per person. */
    Members(Path leak) throws IOException {
        Map<String, Set<String>> identities = new HashMap<>();
        Map<String, Set<String>> factors = new HashMap<>();
        try (CsvSource source = CsvSource.open(leak, SourceOptions.detect(), ColumnMapping.defaultMapping(), (l, r) -> { })) {
            for (SourceRow row = source.next(); row != null; row = source.next()) {
                String person = row.personKey() != null ? row.personKey() : "line-" + row.lineNumber();
                Set<String> ids = identities.computeIfAbsent(person, k -> new HashSet<>());
                for (Identity identity : identities(row.nir(), row.lastName(), row.firstNames(), row.birthDate())) {
                    ids.add(key(identity));
                }
                if (row.birthName() != null) {
                    for (Identity identity : identities(null, row.birthName(), row.firstNames(), row.birthDate())) {
                        ids.add(key(identity));
                    }
                }
                for (String cell : row.factors()) {
                    canonicalFactor(cell).ifPresent(f -> factors.computeIfAbsent(person, k -> new HashSet<>()).add(f));
                }
            }
        }
        // Factor-bound keys: identity bytes || 0 || factor (any injective pairing works for a set).
        identities.forEach((person, ids) -> {
            plain.addAll(ids);
            for (String f : factors.getOrDefault(person, Set.of())) {
                ids.forEach(id -> bound.add(id + "/" + f));
            }
        });
    }

    /** The persons of a leak file (its first row each), as raw cells. */
    static List<Member> persons(Path leak, int max) throws IOException {
        Map<String, Member> persons = new LinkedHashMap<>();
        try (CsvSource source = CsvSource.open(leak, SourceOptions.detect(), ColumnMapping.defaultMapping(), (l, r) -> { })) {
            for (SourceRow row = source.next(); row != null && persons.size() < max; row = source.next()) {
                String person = row.personKey() != null ? row.personKey() : "line-" + row.lineNumber();
                persons.putIfAbsent(person, new Member(row.lastName(), row.firstNames(), row.birthDate(), row.nir(),
                        row.factors().isEmpty() ? null : row.factors().get(0)));
            }
        }
        return new ArrayList<>(persons.values());
    }

    /**
     * Writes {@code present} and {@code absent} members, varied and shuffled, and {@code broken}
     * records the reader rejects, to {@code file}; fills {@link #expected}.
     */
    void write(Path file, List<Member> present, List<Member> absent, int broken, long seed) throws IOException {
        List<Member> all = new ArrayList<>();
        for (int i = 0; i < present.size(); i++) {
            all.add(vary(present.get(i), i));
        }
        for (int i = 0; i < absent.size(); i++) {
            all.add(vary(absent.get(i), i));
        }
        Collections.shuffle(all, new Random(seed));
        Random random = new Random(seed + 1);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\n");
            long line = 1;
            int n = 0;
            for (Member m : all) {
                if (broken > 0 && random.nextInt(all.size() / broken + 1) == 0) {
                    broken--;
                    line++;
                    out.write("B" + line + ";only;three\n");
                    expected.add(new Expected(line, "", "rejected"));
                }
                line++;
                String id = String.format("M%06d", ++n);
                out.write(String.join(";", id, cell(m.lastName()), cell(m.firstNames()), cell(m.birthDate()),
                        cell(m.nir()), cell(m.factor())) + "\n");
                expected.add(new Expected(line, id, truth(m)));
                if (m.nir() != null) {
                    nirs.add(m.nir());
                    nirs.add(m.nir().replaceAll("[^0-9AaBb]", ""));
                }
                if (m.lastName() != null) {
                    names.add(m.lastName());
                }
                if (m.firstNames() != null) {
                    names.add(m.firstNames());
                }
            }
        }
    }

    /** 0: as in the leak; 1: no factor; 2: a wrong factor; 3: the NIR alone, with the factor; 4: the name alone. */
    private static Member vary(Member m, int i) {
        return switch (i % 5) {
            case 0 -> m;
            case 1 -> new Member(m.lastName(), m.firstNames(), m.birthDate(), m.nir(), null);
            case 2 -> new Member(m.lastName(), m.firstNames(), m.birthDate(), m.nir(), "WRONG" + i);
            case 3 -> new Member(null, null, null, m.nir(), m.factor());
            default -> new Member(m.lastName(), m.firstNames(), m.birthDate(), null, m.factor());
        };
    }

    private String truth(Member m) {
        List<Identity> ids = identities(m.nir(), m.lastName(), m.firstNames(), m.birthDate());
        if (ids.isEmpty()) {
            return "rejected";
        }
        Optional<String> factor = m.factor() == null ? Optional.empty() : canonicalFactor(m.factor());
        boolean kinds = factor.isPresent() && ids.stream().anyMatch(id -> bound.contains(key(id) + "/" + factor.get()));
        if (kinds) {
            return "found:kinds";
        }
        if (ids.stream().anyMatch(id -> plain.contains(key(id)))) {
            return factor.isPresent() ? "found:factor-wrong" : "found:factor-needed";
        }
        return "not-found";
    }

    private static List<Identity> identities(String nir, String last, String first, String date) {
        List<Identity> out = new ArrayList<>(2);
        if (nir != null && !nir.isBlank()) {
            try {
                out.add(NirIdentity.parse(nir));
            } catch (InvalidIdentityException e) {
                // dropped, as the loader and the command drop it
            }
        }
        if ((last != null && !last.isBlank()) || (first != null && !first.isBlank()) || (date != null && !date.isBlank())) {
            try {
                out.add(NameDobIdentity.parse(last, first, date));
            } catch (InvalidIdentityException e) {
                // dropped
            }
        }
        return out;
    }

    private static Optional<String> canonicalFactor(String cell) {
        try {
            return Optional.of(Factor.canonical(cell));
        } catch (InvalidIdentityException e) {
            return Optional.empty();
        }
    }

    private static String key(Identity identity) {
        return java.util.HexFormat.of().formatHex(identity.canonicalBytes());
    }

    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(";") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

}
