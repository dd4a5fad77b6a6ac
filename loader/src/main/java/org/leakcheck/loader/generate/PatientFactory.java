package org.leakcheck.loader.generate;

/**
 * Draws one synthetic person from the built-in lists: sex, names, birth date and place, a NIR
 * consistent with them, contact details, insurance and medical background.
 *
 * <p>Distributions are plausible rather than exact statistics: laboratory patients are 10%
 * minors, 28% aged 18-39, 34% aged 40-64 and 28% aged 65-99 in February 2021; 91% were born in
 * mainland France, 1% in Corsica, 2% overseas and 6% abroad.
 */
final class PatientFactory {

    /** The leak was disclosed in February 2021: ages are counted from then. */
    static final int REFERENCE_YEAR = 2021;

    /** Prefixes for phone numbers, believed to be set aside for fiction in the French numbering plan. */
    private static final String[] LANDLINE_PREFIXES = {"019900", "026191", "035301", "046571", "053649"};
    private static final String MOBILE_PREFIX = "063998";
    /** Reserved top-level domain (RFC 2606): these addresses can never reach anyone. */
    private static final String[] EMAIL_DOMAINS = {"gmail.example", "orange.example", "free.example",
            "laposte.example", "hotmail.example", "sfr.example", "wanadoo.example", "yahoo.example"};
    private static final String[] BLOOD_GROUPS = {"O+", "A+", "B+", "AB+", "O-", "A-", "B-", "AB-"};
    private static final double[] BLOOD_CUMULATIVE = {0.36, 0.73, 0.82, 0.85, 0.91, 0.98, 0.99, 1.0};
    private static final String[] COMPLEMENTS = {"Bât. B", "Apt 12", "Résidence Les Tilleuls", "Escalier 3",
            "2e étage gauche", "Lieu-dit La Croix", "BP 42", "Porte 7"};

    private final GeneratorData data;
    private final NameForms forms;

    PatientFactory(GeneratorData data, NameForms forms) {
        this.data = data;
        this.forms = forms;
    }

    Patient create(long index, Rng rng) {
        Patient p = new Patient();
        p.index = index;
        p.number = patientNumber(index);
        p.female = rng.chance(0.52);
        p.lastName = data.lastNames.pick(rng);
        if (p.female && rng.chance(DirtRates.BIRTH_NAME_DIFFERS_WOMEN)) {
            p.birthName = p.lastName;
            do {
                p.lastName = data.lastNames.pick(rng);
            } while (p.lastName.equals(p.birthName));
        } else {
            p.birthNameRepeated = rng.chance(DirtRates.BIRTH_NAME_REPEATED);
        }
        p.givenNames = givenNames(p.female, rng);
        birthDate(p, rng);
        birthPlaceAndNir(p, rng);
        address(p, rng);
        contact(p, rng);
        insurance(p, rng);
        medical(p, rng);
        p.rows = rng.chance(DirtRates.MULTI_ROW_PATIENTS)
                ? 1 + rng.between(DirtRates.MIN_EXTRA_ROWS, DirtRates.MAX_EXTRA_ROWS) : 1;
        return p;
    }

    /** A unique, stable patient number; it groups the rows of one person. */
    static String patientNumber(long index) {
        String digits = Long.toString(1_000_000_000L + index);
        return "P" + digits.substring(1);
    }

    private String[] givenNames(boolean female, Rng rng) {
        WordList list = female ? data.femaleNames : data.maleNames;
        int count = rng.chance(DirtRates.SEVERAL_GIVEN_NAMES) ? rng.between(2, 3) : 1;
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            String name;
            do {
                name = list.pick(rng);
            } while (contains(names, i, name));
            names[i] = name;
        }
        return names;
    }

    private static boolean contains(String[] names, int count, String name) {
        for (int i = 0; i < count; i++) {
            if (names[i].equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static void birthDate(Patient p, Rng rng) {
        double u = rng.nextDouble();
        int age;
        if (u < 0.10) {
            age = rng.between(0, 17);
        } else if (u < 0.38) {
            age = rng.between(18, 39);
        } else if (u < 0.72) {
            age = rng.between(40, 64);
        } else {
            age = rng.between(65, 99);
        }
        p.birthYear = REFERENCE_YEAR - 1 - age + (rng.chance(0.1) ? 1 : 0);
        // Nobody in the file is born after the leak (February 2021).
        p.birthMonth = p.birthYear >= REFERENCE_YEAR ? 1 : rng.between(1, 12);
        p.birthDay = rng.between(1, Dates.daysInMonth(p.birthYear, p.birthMonth));
    }

    private void birthPlaceAndNir(Patient p, Rng rng) {
        double u = rng.nextDouble();
        String place;
        if (u < 0.06) {
            GeneratorData.Country country = rng.pick(data.countries);
            p.birthPlace = country.name();
            place = "99" + country.code();
        } else if (u < 0.08) {
            GeneratorData.City city = rng.pick(data.overseasCities);
            p.birthPlace = city.name();
            place = city.department() + twoDigits(rng.between(1, 34));
        } else if (u < 0.09) {
            GeneratorData.City city = rng.pick(data.corsicanCities);
            p.birthPlace = city.name();
            // Corsica was split into 2A and 2B on 1 January 1976; earlier births keep department 20.
            place = (p.birthYear >= 1976 ? city.department() : "20") + threeDigits(rng.between(1, 366));
        } else {
            GeneratorData.City city = data.mainlandCity(rng);
            p.birthPlace = city.name();
            place = city.department() + threeDigits(rng.between(1, 899));
        }
        p.nirBody = NirMaker.body(p.female ? '2' : '1', p.birthYear, p.birthMonth, place, rng.between(1, 999));
        int key = NirMaker.key(p.nirBody);
        double status = rng.nextDouble();
        if (status < DirtRates.NIR_MISSING_PATIENTS) {
            p.nirStatus = Patient.NirStatus.MISSING;
            p.nir = NirMaker.withKey(p.nirBody, key);
        } else if (status < DirtRates.NIR_MISSING_PATIENTS + DirtRates.NIR_WRONG_KEY_PATIENTS) {
            p.nirStatus = Patient.NirStatus.WRONG_KEY;
            p.nir = NirMaker.withKey(p.nirBody, NirMaker.wrongKey(key, rng));
        } else {
            p.nirStatus = Patient.NirStatus.VALID;
            p.nir = NirMaker.withKey(p.nirBody, key);
        }
    }

    private void address(Patient p, Rng rng) {
        GeneratorData.City city = data.city(rng);
        StringBuilder street = new StringBuilder(40);
        street.append(rng.between(1, 150));
        if (rng.chance(0.03)) {
            street.append(" bis");
        }
        street.append(' ').append(data.streetTypes.pick(rng)).append(' ').append(data.streets.pick(rng));
        p.street = street.toString();
        p.addressComplement = rng.chance(0.12) ? rng.pick(COMPLEMENTS) : "";
        p.postcode = city.postcode();
        p.city = city.name();
        double u = rng.nextDouble();
        p.country = u < 0.85 ? "France" : u < 0.95 ? "FRANCE" : "";
    }

    private void contact(Patient p, Rng rng) {
        boolean mobileFirst = rng.chance(0.7);
        p.phone = rng.chance(DirtRates.PHONE_MISSING_PATIENTS) ? "" : phone(mobileFirst, rng);
        p.phone2 = !p.phone.isEmpty() && rng.chance(DirtRates.SECOND_PHONE_PATIENTS) ? phone(!mobileFirst, rng) : "";
        if (rng.chance(DirtRates.EMAIL_MISSING_PATIENTS)) {
            p.email = "";
        } else {
            String first = forms.slug(p.givenNames[0]);
            String last = forms.slug(p.lastName).replace("-", "");
            String local = switch (rng.nextInt(5)) {
                case 0 -> first + "." + last;
                case 1 -> first + last;
                case 2 -> first.charAt(0) + "." + last;
                case 3 -> first + "." + last + rng.between(1, 99);
                default -> last + "." + first + twoDigits(p.birthYear % 100);
            };
            p.email = local + "@" + rng.pick(EMAIL_DOMAINS);
        }
    }

    private static String phone(boolean mobile, Rng rng) {
        String prefix = mobile ? MOBILE_PREFIX : rng.pick(LANDLINE_PREFIXES);
        return prefix + twoDigits(rng.nextInt(100)) + twoDigits(rng.nextInt(100));
    }

    private void insurance(Patient p, Rng rng) {
        p.caisse = rng.chance(0.95) ? data.caisses.pick(rng) : "";
        double u = rng.nextDouble();
        p.regime = u < 0.80 ? "Régime général" : u < 0.86 ? "Régime agricole" : u < 0.90 ? "Indépendants"
                : u < 0.93 ? "Étudiant" : u < 0.96 ? "Alsace-Moselle" : u < 0.98 ? "AME" : "";
        p.ald = rng.chance(0.15) ? "O" : "N";
        if (rng.chance(DirtRates.MEMBER_NUMBER_MISSING_PATIENTS)) {
            // No member number: no complementary insurer, or one the lab never recorded.
            p.insurer = rng.chance(0.5) ? "Aucune" : "";
            p.memberNumber = "";
        } else {
            String insurer;
            do {
                insurer = data.insurers.pick(rng);
            } while (insurer.equals("Aucune"));
            p.insurer = insurer;
            p.memberNumber = memberNumber(rng);
        }
        p.rightsEndYear = rng.chance(0.6) ? rng.between(2021, 2023) : 0;
    }

    /**
     * A synthetic insurer member number, the factor of the generated leak: 9 or 10 digits (80%),
     * else 2 upper-case letters and 8 digits, as printed on a third-party payment card. Random,
     * so it means nothing outside the file.
     */
    static String memberNumber(Rng rng) {
        if (rng.chance(0.8)) {
            return Long.toString(100_000_000L + (rng.nextLong() >>> 1) % 9_900_000_000L);
        }
        char a = (char) ('A' + rng.nextInt(26));
        char b = (char) ('A' + rng.nextInt(26));
        return "" + a + b + Long.toString(100_000_000L + rng.nextInt(100_000_000)).substring(1);
    }

    private void medical(Patient p, Rng rng) {
        if (rng.chance(0.40)) {
            double u = rng.nextDouble();
            int i = 0;
            while (u >= BLOOD_CUMULATIVE[i] && i < BLOOD_GROUPS.length - 1) {
                i++;
            }
            p.bloodGroup = BLOOD_GROUPS[i];
            p.phenotype = rng.chance(0.5) ? phenotype(rng) : "";
        } else {
            p.bloodGroup = "";
            p.phenotype = "";
        }
        p.doctor = rng.chance(0.85) ? doctorName(rng) : "";
        p.laboratory = data.laboratories.pick(rng);
        p.allergies = rng.chance(0.6) ? data.allergies.pick(rng) : "";
        p.pathologies = join(data.pathologies, rng.chance(0.4) ? 0 : rng.between(1, 2), rng);
        p.treatments = join(data.treatments, rng.chance(0.45) ? 0 : rng.between(1, 3), rng);
        int age = REFERENCE_YEAR - p.birthYear;
        p.pregnancy = p.female && age >= 18 && age <= 45 ? (rng.chance(0.08) ? "O" : "N") : "";
        p.weight = rng.chance(0.6) ? Integer.toString(age < 12 ? rng.between(3, 40) : rng.between(45, 120)) : "";
        p.height = rng.chance(0.5) ? Integer.toString(age < 12 ? rng.between(50, 150) : rng.between(150, 195)) : "";
    }

    /** "Dr NAME Firstname": names from the same lists; a doctor is another synthetic person. */
    String doctorName(Rng rng) {
        WordList firsts = rng.chance(0.5) ? data.femaleNames : data.maleNames;
        return "Dr " + forms.upper(data.lastNames.pick(rng)) + " " + firsts.pick(rng);
    }

    private static String phenotype(Rng rng) {
        return "C" + sign(rng) + " c" + sign(rng) + " E" + sign(rng) + " e" + sign(rng) + " K" + (rng.chance(0.91) ? "-" : "+");
    }

    private static String sign(Rng rng) {
        return rng.chance(0.6) ? "+" : "-";
    }

    private static String join(WordList list, int count, Rng rng) {
        if (count == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String item = list.pick(rng);
            if (b.indexOf(item) >= 0) {
                continue;
            }
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(item);
        }
        return b.toString();
    }

    static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    static String threeDigits(int value) {
        return value < 10 ? "00" + value : value < 100 ? "0" + value : Integer.toString(value);
    }
}
