package org.leakcheck.loader.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.leakcheck.protocol.identity.Factor;
import org.leakcheck.protocol.identity.InvalidIdentityException;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.Names;
import org.leakcheck.protocol.identity.NirIdentity;

/**
 * Collects the "known answers" sidecar while the leak is written: sample identities with the
 * outcome a lookup must give once the file is loaded.
 *
 * <ul>
 *   <li>{@code present}: a NIR, or last name + first name + birth date, of a person in the file,
 *       spelled cleanly;</li>
 *   <li>{@code present-variant}: the same person typed differently but canonically equal: the NIR
 *       with spaces, the birth name of a woman whose usage name differs (the loader indexes both),
 *       accents dropped, a hyphen typed as a space, the other date format, lower case and extra
 *       spaces;</li>
 *   <li>{@code absent}: people drawn from a separate random stream of the same seed and checked
 *       against every person written: an absent NIR shares its first 13 characters with nobody;
 *       an absent name shares its birth date and canonical last name (usage or birth) with nobody,
 *       whatever the first name, which leaves no way for any first-name rule to match it.</li>
 * </ul>
 * Present cases are only taken from people whose every row carries a valid NIR and a birth date,
 * so they are found whatever the loader does with partially filled rows. Every case is checked
 * with the protocol's own canonicalization ({@link NirIdentity#parse}, {@link NameDobIdentity#parse})
 * before it is kept.
 *
 * <p>Memory is constant: only the open slots and a few dozen absent candidates are held.
 */
final class KnownAnswers {

    static final String PRESENT = "present";
    static final String PRESENT_VARIANT = "present-variant";
    static final String ABSENT = "absent";

    /** Stream number of the absent candidates: disjoint from the patients' stream 0. */
    static final long ABSENT_STREAM = 0xAB5E47L;
    static final int ABSENT_CANDIDATES = 32;
    static final int NIR_ABSENT = 4;
    static final int NAME_ABSENT = 4;

    /** What a slot waits for. */
    enum SlotKind { NIR_PRESENT, NIR_FORMATTED, NAME_PRESENT, NAME_BIRTH_NAME, NAME_SPELLING }

    /** Slots per kind, in file order of their first eligible patient: 22 present cases + 8 absent = 30. */
    private static final SlotKind[] SLOT_PATTERN = {
        SlotKind.NIR_PRESENT, SlotKind.NAME_PRESENT, SlotKind.NAME_BIRTH_NAME, SlotKind.NAME_SPELLING,
        SlotKind.NIR_PRESENT, SlotKind.NAME_PRESENT, SlotKind.NIR_FORMATTED, SlotKind.NAME_SPELLING,
        SlotKind.NIR_PRESENT, SlotKind.NAME_PRESENT, SlotKind.NAME_BIRTH_NAME, SlotKind.NAME_SPELLING,
        SlotKind.NIR_PRESENT, SlotKind.NAME_PRESENT, SlotKind.NIR_FORMATTED, SlotKind.NAME_SPELLING,
        SlotKind.NIR_PRESENT, SlotKind.NAME_PRESENT, SlotKind.NAME_BIRTH_NAME,
        SlotKind.NIR_PRESENT, SlotKind.NAME_PRESENT, SlotKind.NAME_BIRTH_NAME,
    };

    /**
     * One case of the sidecar; {@code nir} or the three name fields are null depending on the kind.
     * Present cases carry the person's canonical factor ({@code factor}, null when they have none)
     * and {@code wrongFactor}, a valid factor that is not theirs; absent cases carry neither.
     */
    record Case(String kind, String nir, String lastName, String firstName, String birthDate, String expected,
                String factor, String wrongFactor) {
        Case(String kind, String nir, String lastName, String firstName, String birthDate, String expected) {
            this(kind, nir, lastName, firstName, birthDate, expected, null, null);
        }

        /** This case with the factors of person {@code p}. */
        Case withFactors(Patient p) {
            String right = p.memberNumber.isEmpty() ? null : Factor.canonical(p.memberNumber);
            return new Case(kind, nir, lastName, firstName, birthDate, expected, right, KnownAnswers.wrongFactor(p, right));
        }

        /** Redacted: even synthetic identities stay out of logs. */
        @Override
        public String toString() {
            return "Case[" + kind + ", " + expected + "]";
        }
    }

    private static final class Slot {
        final SlotKind kind;
        final long start;
        final int ordinal;
        /** For spelling slots: which variant (0..3). */
        final int variant;
        Case filled;

        Slot(SlotKind kind, long start, int ordinal, int variant) {
            this.kind = kind;
            this.start = start;
            this.ordinal = ordinal;
            this.variant = variant;
        }
    }

    private static final class AbsentCandidate {
        final String nirBody;
        final String nir;
        final String lastName;
        final String firstName;
        final String birthDate;
        final String canonicalLastName;
        boolean nirClash;
        boolean nameClash;

        AbsentCandidate(Patient p, String firstName) {
            this.nirBody = p.nirBody;
            this.nir = NirMaker.withKey(p.nirBody, NirMaker.key(p.nirBody));
            this.lastName = p.lastName;
            this.firstName = firstName;
            this.birthDate = p.isoBirthDate();
            this.canonicalLastName = Names.canonicalLastName(p.lastName);
        }
    }

    private final NameForms forms;
    /** Patients a spelling slot waits for a person suiting its variant, before it settles. */
    private final long fallbackAfter;
    private final List<Slot> slots = new ArrayList<>();
    private final List<Slot> open = new ArrayList<>();
    private int nextSlot;
    private final List<AbsentCandidate> candidates = new ArrayList<>();
    private final Map<String, AbsentCandidate> candidateByNirBody = new HashMap<>();
    private final Map<Integer, List<AbsentCandidate>> candidatesByBirthDate = new HashMap<>();

    KnownAnswers(long patients, long seed, PatientFactory factory, NameForms forms) {
        this.forms = forms;
        this.fallbackAfter = Math.max(1, patients / (2L * SLOT_PATTERN.length));
        int spelling = 0;
        for (int i = 0; i < SLOT_PATTERN.length; i++) {
            int variant = SLOT_PATTERN[i] == SlotKind.NAME_SPELLING ? spelling++ : 0;
            slots.add(new Slot(SLOT_PATTERN[i], i * patients / SLOT_PATTERN.length, i, variant));
        }
        for (int j = 0; j < ABSENT_CANDIDATES; j++) {
            Patient p = factory.create(-1 - j, Rng.of(seed, ABSENT_STREAM, j));
            AbsentCandidate candidate;
            try {
                candidate = new AbsentCandidate(p, p.givenNames[0]);
                NirIdentity.parse(candidate.nir);
                NameDobIdentity.parse(candidate.lastName, candidate.firstName, candidate.birthDate);
            } catch (InvalidIdentityException e) {
                continue; // cannot happen with the built-in lists; skipping keeps the sidecar valid anyway
            }
            candidates.add(candidate);
            candidateByNirBody.put(candidate.nirBody, candidate);
            candidatesByBirthDate.computeIfAbsent(p.birthDateKey(), k -> new ArrayList<>()).add(candidate);
        }
    }

    /** Looks at one written person, in file order. */
    void observe(Patient p, PatientRows rows) {
        AbsentCandidate sameNir = candidateByNirBody.get(p.nirBody);
        if (sameNir != null) {
            sameNir.nirClash = true;
        }
        List<AbsentCandidate> sameDate = candidatesByBirthDate.get(p.birthDateKey());
        if (sameDate != null) {
            for (AbsentCandidate candidate : sameDate) {
                if (candidate.canonicalLastName.equals(Names.canonicalLastName(p.lastName))
                        || (p.birthName != null && candidate.canonicalLastName.equals(Names.canonicalLastName(p.birthName)))) {
                    candidate.nameClash = true;
                }
            }
        }
        while (nextSlot < slots.size() && slots.get(nextSlot).start <= p.index) {
            open.add(slots.get(nextSlot++));
        }
        if (open.isEmpty() || !complete(p, rows)) {
            return;
        }
        for (int i = 0; i < open.size(); i++) {
            Slot slot = open.get(i);
            Case filled = tryFill(slot, p, rows);
            if (filled != null) {
                slot.filled = filled.withFactors(p);
                open.remove(i);
                return; // one case per person
            }
        }
    }

    /** Every row has a valid NIR and a birth date: found whatever the loader does with partial rows. */
    private static boolean complete(Patient p, PatientRows rows) {
        return p.nirStatus == Patient.NirStatus.VALID && rows.rowsWithNir == rows.rows
                && rows.rowsWithBirthDate == rows.rows;
    }

    private Case tryFill(Slot slot, Patient p, PatientRows rows) {
        switch (slot.kind) {
            case NIR_PRESENT:
                return sameNir(p.nir, rows) ? new Case("nir", p.nir, null, null, null, PRESENT) : null;
            case NIR_FORMATTED: {
                String spaced = p.nir.substring(0, 1) + " " + p.nir.substring(1, 3) + " " + p.nir.substring(3, 5) + " "
                        + p.nir.substring(5, 7) + " " + p.nir.substring(7, 10) + " " + p.nir.substring(10, 13) + " "
                        + p.nir.substring(13);
                return sameNir(spaced, rows) ? new Case("nir", spaced, null, null, null, PRESENT_VARIANT) : null;
            }
            case NAME_PRESENT:
                return nameCase(p.lastName, p.givenNames[0], p.isoBirthDate(), rows.firstLastName, rows, PRESENT);
            case NAME_BIRTH_NAME:
                return p.birthName == null ? null
                        : nameCase(p.birthName, p.givenNames[0], p.isoBirthDate(), rows.firstBirthName, rows, PRESENT_VARIANT);
            default:
                return spellingVariant(slot.variant, p.index >= slot.start + fallbackAfter, p, rows);
        }
    }

    /**
     * The spelling variant of slot {@code variant}: 0 accents dropped and upper case, 1 a hyphen
     * typed as a space (or a space as a hyphen), 2 lower case, stray spaces and a French date,
     * 3 an apostrophe or hyphen of the last name typed as a space. A slot waits a while for a
     * person whose names allow its variant, then settles for variant 2, which always applies.
     */
    private Case spellingVariant(int variant, boolean settle, Patient p, PatientRows rows) {
        String last = p.lastName;
        String first = p.givenNames[0];
        String date = p.isoBirthDate();
        boolean applied = false;
        if (variant == 0 && !(NameForms.stripAccents(last).equals(last) && NameForms.stripAccents(first).equals(first))) {
            last = forms.upper(NameForms.stripAccents(last));
            first = NameForms.stripAccents(first);
            applied = true;
        } else if (variant == 1 && first.indexOf('-') >= 0) {
            first = first.replace('-', ' ');
            applied = true;
        } else if (variant == 1 && last.indexOf(' ') >= 0) {
            last = last.replace(' ', '-');
            applied = true;
        } else if (variant == 3 && (last.indexOf('\'') >= 0 || last.indexOf('-') >= 0)) {
            last = last.replace('\'', ' ').replace('-', ' ');
            applied = true;
        }
        if (!applied && variant != 2 && !settle) {
            return null;
        }
        if (!applied) {
            last = "  " + forms.lower(last) + " ";
            first = forms.lower(first) + "  ";
            date = date.substring(8, 10) + "/" + date.substring(5, 7) + "/" + date.substring(0, 4);
        }
        return nameCase(last, first, date, rows.firstLastName, rows, PRESENT_VARIANT);
    }

    private static boolean sameNir(String typed, PatientRows rows) {
        try {
            return NirIdentity.parse(typed).equals(NirIdentity.parse(rows.firstNir));
        } catch (InvalidIdentityException e) {
            return false;
        }
    }

    /** A name case, kept only if it canonicalizes exactly like the identity written in the first row. */
    private static Case nameCase(String last, String first, String date, String writtenLast, PatientRows rows,
                                 String expected) {
        try {
            NameDobIdentity typed = NameDobIdentity.parse(last, first, date);
            NameDobIdentity written = NameDobIdentity.parse(writtenLast, rows.firstFirstNames, rows.firstBirthDate);
            return typed.equals(written) ? new Case("name-dob", null, last, first, date, expected) : null;
        } catch (InvalidIdentityException e) {
            return null;
        }
    }

    /**
     * A valid factor that is not {@code right}: its last character changed (a typo on the card),
     * or, for a person without a factor, a member number drawn from their index.
     */
    static String wrongFactor(Patient p, String right) {
        if (right == null) {
            return Long.toString(100_000_000L + (Rng.mix(p.index + 0x5EED_FAC7L) >>> 1) % 9_900_000_000L);
        }
        char last = right.charAt(right.length() - 1);
        char other = last == '9' ? '0' : last == 'Z' ? 'A' : (char) (last + 1);
        return right.substring(0, right.length() - 1) + other;
    }

    /** The cases, present ones in slot order, then absent ones. */
    List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        slots.stream()
                .filter(s -> s.filled != null)
                .sorted(Comparator.comparing((Slot s) -> s.filled.expected()).thenComparingInt(s -> s.ordinal))
                .forEach(s -> cases.add(s.filled));
        int nirAbsent = 0;
        int nameAbsent = 0;
        for (AbsentCandidate candidate : candidates) {
            // Alternate which kind a candidate serves, so that absent NIRs and names are different people.
            boolean wantNir = nirAbsent <= nameAbsent;
            if (wantNir && nirAbsent < NIR_ABSENT && !candidate.nirClash) {
                cases.add(new Case("nir", candidate.nir, null, null, null, ABSENT));
                nirAbsent++;
            } else if (nameAbsent < NAME_ABSENT && !candidate.nameClash) {
                cases.add(new Case("name-dob", null, candidate.lastName, candidate.firstName, candidate.birthDate, ABSENT));
                nameAbsent++;
            } else if (nirAbsent < NIR_ABSENT && !candidate.nirClash) {
                cases.add(new Case("nir", candidate.nir, null, null, null, ABSENT));
                nirAbsent++;
            }
        }
        return cases;
    }

    /** Writes {@code {"dataset": null, "cases": [...]}} as UTF-8 JSON. */
    void write(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.putNull("dataset");
        ArrayNode array = root.putArray("cases");
        for (Case c : cases()) {
            ObjectNode node = array.addObject();
            node.put("kind", c.kind());
            if (c.nir() != null) {
                node.put("nir", c.nir());
            } else {
                node.put("lastName", c.lastName());
                node.put("firstName", c.firstName());
                node.put("birthDate", c.birthDate());
            }
            node.put("expected", c.expected());
            if (c.factor() != null) {
                node.put("factor", c.factor());
            }
            if (c.wrongFactor() != null) {
                node.put("wrongFactor", c.wrongFactor());
            }
        }
        mapper.writeValue(file.toFile(), root);
    }
}
