package org.leakcheck.loader.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leakcheck.protocol.identity.NirIdentity;

class PatientFactoryTest {

    private static final int PEOPLE = 20_000;
    private static PatientFactory factory;

    @BeforeAll
    static void lists() {
        factory = new PatientFactory(new GeneratorData(), new NameForms());
    }

    private static Patient person(long index) {
        return factory.create(index, Rng.of(11, LeakGenerator.PATIENT_STREAM, index));
    }

    @Test
    void nirAgreesWithSexBirthYearAndMonth() {
        for (int i = 0; i < PEOPLE; i++) {
            Patient p = person(i);
            assertEquals(p.female ? '2' : '1', p.nir.charAt(0));
            assertEquals(p.birthYear % 100, Integer.parseInt(p.nir.substring(1, 3)));
            assertEquals(p.birthMonth, Integer.parseInt(p.nir.substring(3, 5)));
        }
    }

    @Test
    void corsicanBirthsUse2aOr2bFrom1976And20Before() {
        int corsicans = 0;
        for (int i = 0; i < PEOPLE; i++) {
            Patient p = person(i);
            String department = p.nirBody.substring(5, 7);
            if (department.equals("2A") || department.equals("2B")) {
                assertTrue(p.birthYear >= 1976);
                corsicans++;
            } else if (department.equals("20")) {
                assertTrue(p.birthYear < 1976);
                corsicans++;
            }
        }
        assertTrue(corsicans > PEOPLE / 200, "about 1% of people are born in Corsica");
    }

    @Test
    void peopleBornAbroadHaveDepartment99AndACountryCode() {
        int abroad = 0;
        for (int i = 0; i < PEOPLE; i++) {
            Patient p = person(i);
            if (p.nirBody.startsWith("99", 5)) {
                abroad++;
                assertTrue(Integer.parseInt(p.nirBody.substring(7, 10)) >= 100);
            }
        }
        assertTrue(abroad > PEOPLE * 0.04 && abroad < PEOPLE * 0.08, "about 6% are born abroad: " + abroad);
    }

    @Test
    void validNirsPassTheProtocolAndWrongKeysAreAboutOnePercent() {
        int wrong = 0;
        int missing = 0;
        for (int i = 0; i < PEOPLE; i++) {
            Patient p = person(i);
            switch (p.nirStatus) {
                case VALID -> assertEquals(p.nir, NirIdentity.parse(p.nir).nir());
                case WRONG_KEY -> wrong++;
                case MISSING -> missing++;
            }
        }
        assertRate(DirtRates.NIR_WRONG_KEY_PATIENTS, wrong, PEOPLE);
        assertRate(DirtRates.NIR_MISSING_PATIENTS, missing, PEOPLE);
    }

    @Test
    void aboutThirtyPercentOfWomenHaveADifferentBirthName() {
        int women = 0;
        int differing = 0;
        for (int i = 0; i < PEOPLE; i++) {
            Patient p = person(i);
            if (p.female) {
                women++;
                if (p.birthName != null) {
                    differing++;
                    assertTrue(!p.birthName.equals(p.lastName));
                }
            } else {
                assertEquals(null, p.birthName);
            }
        }
        assertRate(DirtRates.BIRTH_NAME_DIFFERS_WOMEN, differing, women);
    }

    @Test
    void nobodyIsBornAfterTheLeak() {
        for (int i = 0; i < PEOPLE; i++) {
            Patient p = person(i);
            assertTrue(p.birthYear < 2021 || (p.birthYear == 2021 && p.birthMonth == 1));
            assertTrue(p.birthDay <= Dates.daysInMonth(p.birthYear, p.birthMonth));
        }
    }

    @Test
    void emailsUseTheReservedExampleDomain() {
        for (int i = 0; i < 2_000; i++) {
            String email = person(i).email;
            assertTrue(email.isEmpty() || email.matches("[a-z0-9.\\-]+@[a-z]+\\.example"), "unexpected e-mail form");
        }
    }

    /** Observed rate within 25% of the documented one (samples here are large enough for that). */
    static void assertRate(double expected, long observed, long total) {
        double rate = (double) observed / total;
        assertTrue(Math.abs(rate - expected) <= expected * 0.25,
                "rate " + rate + " is not within 25% of the documented " + expected);
    }
}
