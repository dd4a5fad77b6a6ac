package org.leakcheck.loader.generate;

/**
 * Writes the rows of one person as CSV text (RFC 4180: CRLF line ends, fields quoted when they
 * hold the delimiter, a quote or a line break, quotes doubled), adding the row-level dirt of
 * {@link DirtRates}.
 *
 * <p>Every random draw happens whatever the options, so the same seed gives the same people with
 * either encoding or delimiter; only the bytes differ.
 */
final class RowWriter {

    private static final String CRLF = "\r\n";
    private static final String[] SITES = {"Laboratoire", "Laboratoire", "Laboratoire", "Domicile",
            "EHPAD", "Clinique", "Cabinet infirmier"};
    private static final String[] TRANSMISSION = {"Internet", "Internet", "Internet", "Internet", "Internet",
            "Courrier", "Courrier", "Médecin", "Médecin", "Fax"};
    private static final String[] BILLING = {"Tiers payant", "Tiers payant", "Tiers payant", "Payé", "À régler"};
    private static final String[] STATUS = {"Validé", "Validé", "Validé", "Validé", "Validé", "Validé", "Validé",
            "Validé", "Validé", "Validé", "Validé", "En cours", "Annulé"};
    private static final String[] LANGUAGES = {"FR", "EN", "PT", "AR"};
    /** First sample day, 2 January 2019, and the number of days up to 31 January 2021. */
    private static final int FIRST_SAMPLE_DAY = 20190102;
    private static final int SAMPLE_DAYS = 760;

    private final GeneratorData data;
    private final NameForms forms;
    private final PatientFactory doctors;
    private final char delimiter;
    private final boolean latin1;
    private final String[] comments;

    RowWriter(GeneratorData data, NameForms forms, PatientFactory doctors, char delimiter, boolean latin1) {
        this.data = data;
        this.forms = forms;
        this.doctors = doctors;
        this.delimiter = delimiter;
        this.latin1 = latin1;
        this.comments = new String[data.comments.size()];
        for (int i = 0; i < comments.length; i++) {
            comments[i] = data.comments.get(i).replace("\\n", "\n");
        }
    }

    /** The header line. */
    void header(StringBuilder out) {
        boolean first = true;
        for (String name : LeakColumns.HEADERS) {
            if (!first) {
                out.append(delimiter);
            }
            first = false;
            out.append(name);
        }
        out.append(CRLF);
    }

    /** Appends every row of {@code p} to {@code out}; fills {@code facts}. */
    void write(Patient p, Rng rng, StringBuilder out, PatientRows facts) {
        facts.reset();
        for (int r = 0; r < p.rows; r++) {
            writeRow(p, r, rng, out, facts);
            facts.rows++;
            if (rng.chance(DirtRates.EMPTY_LINE_AFTER_ROWS)) {
                out.append(CRLF);
                facts.emptyLines++;
            }
        }
    }

    private void writeRow(Patient p, int r, Rng rng, StringBuilder out, PatientRows facts) {
        boolean lower = rng.chance(DirtRates.LOWER_CASE_NAME_ROWS);
        boolean upperLast = rng.chance(DirtRates.UPPER_CASE_LAST_NAME_ROWS);
        boolean noAccents = rng.chance(DirtRates.ACCENTS_DROPPED_ROWS);
        boolean extraSpace = rng.chance(DirtRates.EXTRA_WHITESPACE_ROWS);
        int spaceStyle = rng.nextInt(6);
        boolean hyphenAsSpace = rng.chance(DirtRates.HYPHEN_AS_SPACE_ROWS);
        boolean curly = rng.chance(DirtRates.TYPOGRAPHIC_APOSTROPHE_ROWS);
        boolean firstOnly = rng.chance(DirtRates.FIRST_GIVEN_NAME_ONLY_ROWS);
        boolean french = rng.chance(DirtRates.FRENCH_DATE_ROWS);
        boolean noBirthDate = rng.chance(DirtRates.BIRTH_DATE_MISSING_ROWS);
        boolean noNir = rng.chance(DirtRates.NIR_MISSING_ROWS);
        double nirStyle = rng.nextDouble();

        String last = lastName(p.lastName, lower, upperLast, noAccents, curly);
        String birth = p.birthName != null ? lastName(p.birthName, lower, upperLast, noAccents, curly)
                : p.birthNameRepeated ? last : "";
        String firsts = firstNames(p.givenNames, firstOnly, hyphenAsSpace, noAccents, lower);
        if (extraSpace) {
            if (spaceStyle < 3) {
                last = addSpace(last, spaceStyle);
            } else {
                firsts = addSpace(firsts, spaceStyle - 3);
            }
        }
        StringBuilder date = new StringBuilder(10);
        if (!noBirthDate) {
            if (french) {
                Dates.appendFrench(date, p.birthYear, p.birthMonth, p.birthDay);
            } else {
                Dates.appendIso(date, p.birthYear, p.birthMonth, p.birthDay);
            }
        }
        String birthDate = date.toString();
        String nir = p.nirStatus == Patient.NirStatus.MISSING || noNir ? "" : nirText(p.nir, nirStyle);
        if (r == 0) {
            facts.firstLastName = last;
            facts.firstBirthName = birth;
            facts.firstFirstNames = firsts;
            facts.firstBirthDate = birthDate;
            facts.firstNir = nir;
        }
        if (!nir.isEmpty()) {
            facts.rowsWithNir++;
        }
        if (!birthDate.isEmpty()) {
            facts.rowsWithBirthDate++;
        }

        int sampleDay = Dates.plusDays(FIRST_SAMPLE_DAY, rng.nextInt(SAMPLE_DAYS));
        int resultDay = Dates.plusDays(sampleDay, rng.nextInt(4));

        cell(out, p.number, true);
        cell(out, Long.toString(2_100_000_000L + p.index * 4 + r));
        cell(out, p.female ? "Mme" : "M.");
        cell(out, last);
        cell(out, birth);
        cell(out, firsts);
        cell(out, rng.chance(DirtRates.SEX_AS_DIGIT_ROWS) ? (p.female ? "2" : "1") : (p.female ? "F" : "M"));
        cell(out, birthDate);
        cell(out, rng.chance(DirtRates.UPPER_CASE_BIRTH_PLACE_ROWS) ? forms.upper(p.birthPlace) : p.birthPlace);
        cell(out, nir);

        cell(out, p.street);
        cell(out, p.addressComplement);
        cell(out, p.postcode);
        cell(out, rng.chance(DirtRates.UPPER_CASE_CITY_ROWS) ? forms.upper(p.city) : p.city);
        cell(out, p.country);
        cell(out, phoneText(p.phone, rng));
        cell(out, phoneText(p.phone2, rng));
        cell(out, p.email);

        cell(out, p.caisse);
        cell(out, p.regime);
        cell(out, p.ald);
        cell(out, p.insurer);
        cell(out, p.memberNumber);
        cell(out, p.rightsEndYear == 0 ? "" : dateText(french, p.rightsEndYear * 10000 + 1231));
        cell(out, p.bloodGroup);
        cell(out, p.phenotype);

        String prescriber = rng.chance(0.6) && !p.doctor.isEmpty() ? p.doctor : doctors.doctorName(rng);
        cell(out, p.doctor);
        cell(out, prescriber);
        cell(out, "10" + (100_000_000 + rng.nextInt(900_000_000)));
        cell(out, rng.chance(0.1) ? doctors.doctorName(rng) : "");

        cell(out, p.laboratory);
        cell(out, rng.pick(SITES));
        cell(out, "IDE " + (char) ('A' + rng.nextInt(26)) + "." + (char) ('A' + rng.nextInt(26)) + ".");
        cell(out, dateText(french, sampleDay));
        cell(out, dateText(french, sampleDay));
        StringBuilder hour = new StringBuilder(5);
        Dates.two(hour, rng.between(7, 12)).append(':');
        Dates.two(hour, rng.nextInt(12) * 5);
        cell(out, hour.toString());
        cell(out, dateText(french, resultDay));
        analyses(out, rng);

        cell(out, p.treatments);
        cell(out, p.pathologies);
        cell(out, p.allergies);
        cell(out, p.pregnancy);
        cell(out, p.weight);
        cell(out, p.height);
        cell(out, rng.chance(0.4) ? "O" : "N");
        cell(out, rng.chance(DirtRates.COMMENT_ROWS) ? rng.pick(comments) : "");
        cell(out, rng.chance(0.1) ? data.observations.pick(rng) : "");

        cell(out, rng.pick(STATUS));
        cell(out, rng.chance(0.05) ? "O" : "N");
        cell(out, rng.pick(TRANSMISSION));
        cell(out, rng.pick(BILLING));
        int cents = rng.between(500, 18_000);
        StringBuilder amount = new StringBuilder(8).append(cents / 100).append(',');
        Dates.two(amount, cents % 100);
        cell(out, amount.toString());
        cell(out, dateText(french, resultDay));
        cell(out, rng.chance(0.7) ? "O" : "N");
        cell(out, rng.chance(0.97) ? "FR" : rng.pick(LANGUAGES));
        cell(out, dateText(french, Dates.plusDays(resultDay, rng.nextInt(30))));
        out.append(CRLF);
    }

    private void analyses(StringBuilder out, Rng rng) {
        int count = rng.between(1, 4);
        StringBuilder codes = new StringBuilder(32);
        StringBuilder labels = new StringBuilder(96);
        StringBuilder results = new StringBuilder(64);
        StringBuilder units = new StringBuilder(32);
        StringBuilder references = new StringBuilder(48);
        int used = 0; // bit set of analyses already in this row
        for (int i = 0; i < count; i++) {
            int index = rng.nextInt(data.analyses.length);
            if ((used & (1 << index)) != 0) {
                continue;
            }
            used |= 1 << index;
            GeneratorData.Analysis a = data.analyses[index];
            String separator = codes.length() == 0 ? "" : " | ";
            codes.append(separator).append(a.code());
            labels.append(separator).append(a.label());
            units.append(separator).append(a.unit());
            references.append(separator).append(a.reference());
            results.append(separator);
            if (a.outcomes() != null) {
                results.append(rng.pick(a.outcomes()));
            } else {
                appendDecimal(results, a.min() + rng.nextDouble() * (a.max() - a.min()), a.decimals());
            }
        }
        cell(out, codes.toString());
        cell(out, labels.toString());
        cell(out, results.toString());
        cell(out, units.toString());
        cell(out, references.toString());
    }

    /** French decimal notation with a comma, without String.format (too slow for millions of cells). */
    static void appendDecimal(StringBuilder b, double value, int decimals) {
        long scale = decimals == 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : 1000;
        long scaled = Math.round(value * scale);
        b.append(scaled / scale);
        if (decimals > 0) {
            b.append(',');
            String fraction = Long.toString(scale + scaled % scale).substring(1);
            b.append(fraction);
        }
    }

    private String lastName(String name, boolean lower, boolean upper, boolean noAccents, boolean curly) {
        String s = noAccents ? forms.unaccented(name) : name;
        if (lower) {
            s = forms.lower(s);
        } else if (upper) {
            s = forms.upper(s);
        }
        if (curly && s.indexOf('\'') >= 0) {
            s = s.replace('\'', '\u2019');
        }
        return s;
    }

    private String firstNames(String[] given, boolean firstOnly, boolean hyphenAsSpace, boolean noAccents,
                              boolean lower) {
        StringBuilder b = new StringBuilder(32);
        int count = firstOnly ? 1 : given.length;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                b.append(", ");
            }
            String name = noAccents ? forms.unaccented(given[i]) : given[i];
            b.append(lower ? forms.lower(name) : name);
        }
        String s = b.toString();
        return hyphenAsSpace ? s.replace('-', ' ') : s;
    }

    private static String addSpace(String s, int style) {
        return switch (style) {
            case 0 -> " " + s;
            case 1 -> s + "  ";
            default -> s.indexOf(' ') >= 0 ? s.replaceFirst(" ", "   ") : "  " + s + " ";
        };
    }

    private static String nirText(String nir, double style) {
        if (style < DirtRates.NIR_SPACED_ROWS) {
            return nir.charAt(0) + " " + nir.substring(1, 3) + " " + nir.substring(3, 5) + " " + nir.substring(5, 7)
                    + " " + nir.substring(7, 10) + " " + nir.substring(10, 13) + " " + nir.substring(13);
        }
        style -= DirtRates.NIR_SPACED_ROWS;
        if (style < DirtRates.NIR_DOTTED_ROWS) {
            return nir.charAt(0) + "." + nir.substring(1, 3) + "." + nir.substring(3, 5) + "." + nir.substring(5, 7)
                    + "." + nir.substring(7, 10) + "." + nir.substring(10, 13) + "." + nir.substring(13);
        }
        style -= DirtRates.NIR_DOTTED_ROWS;
        if (style < DirtRates.NIR_KEY_APART_ROWS) {
            return nir.substring(0, 13) + " " + nir.substring(13);
        }
        return nir;
    }

    private static String phoneText(String digits, Rng rng) {
        int style = rng.nextInt(10);
        if (digits.isEmpty()) {
            return "";
        }
        if (style < DirtRates.PHONE_SPACED_TENTHS) {
            return digits.substring(0, 2) + " " + digits.substring(2, 4) + " " + digits.substring(4, 6) + " "
                    + digits.substring(6, 8) + " " + digits.substring(8);
        } else if (style < DirtRates.PHONE_SPACED_TENTHS + DirtRates.PHONE_COMPACT_TENTHS) {
            return digits;
        } else if (style < DirtRates.PHONE_SPACED_TENTHS + DirtRates.PHONE_COMPACT_TENTHS
                + DirtRates.PHONE_INTERNATIONAL_TENTHS) {
            return "+33 " + digits.charAt(1) + " " + digits.substring(2, 4) + " " + digits.substring(4, 6) + " "
                    + digits.substring(6, 8) + " " + digits.substring(8);
        }
        return digits.substring(0, 2) + "." + digits.substring(2, 4) + "." + digits.substring(4, 6) + "."
                + digits.substring(6, 8) + "." + digits.substring(8);
    }

    private static String dateText(boolean french, int yyyymmdd) {
        StringBuilder b = new StringBuilder(10);
        Dates.append(b, french, yyyymmdd);
        return b.toString();
    }

    private void cell(StringBuilder out, String value) {
        cell(out, value, false);
    }

    private void cell(StringBuilder out, String value, boolean first) {
        if (!first) {
            out.append(delimiter);
        }
        boolean quote = false;
        boolean fold = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                quote = true;
            } else if (c > 0xFF) {
                fold = true;
            }
        }
        String v = fold && latin1 ? Latin1.fold(value) : value;
        if (!quote) {
            out.append(v);
            return;
        }
        out.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }
}
