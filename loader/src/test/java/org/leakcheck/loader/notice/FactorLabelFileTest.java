package org.leakcheck.loader.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leakcheck.store.FactorLabel;

/** The factor-label file: the label and hint of the factor in French and English. Pure Java. */
class FactorLabelFileTest {
    private static final String SECRET = "Zq7Secret";

    private static String file(String labelFr, String hintEn) {
        return "{\"label\": {\"fr\": " + labelFr + ", \"en\": \"Member number\"},"
                + " \"hint\": {\"fr\": \"Sur votre carte\", \"en\": " + hintEn + "}}";
    }

    private static FileProblemException refused(String text) {
        FileProblemException e = assertThrows(FileProblemException.class, () -> FactorLabelFile.parse(text));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        return e;
    }

    @Test
    void readsTheLabelAndHintInBothLanguages() {
        FactorLabel label = FactorLabelFile.parse(file("\"Numéro d'adhérent\"", "\"On your card\""));

        assertEquals(new FactorLabel("Numéro d'adhérent", "Member number", "Sur votre carte", "On your card"), label);
    }

    @Test
    void readsTheDemoFactorLabel() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("factor-label", ".json");
        try (java.io.InputStream in = getClass().getResourceAsStream("/org/leakcheck/loader/demo/factor-label.json")) {
            java.nio.file.Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertEquals("Numéro d'adhérent de votre mutuelle", FactorLabelFile.read(file).labelFr());
        java.nio.file.Files.delete(file);
    }

    @Test
    void refusesEachBrokenFieldNamingItAndTheRule() {
        assertEquals("factor label: label.fr: is missing [factor-label.missing]",
                refused(file("\"  \"", "\"x\"")).getMessage());
        assertEquals("factor label: hint.en: must be at most 300 characters [factor-label.too-long]",
                refused(file("\"x\"", "\"" + SECRET + "x".repeat(300) + "\"")).getMessage());
        assertEquals("factor label: label.fr: must be at most 120 characters [factor-label.too-long]",
                refused(file("\"" + "x".repeat(121) + "\"", "\"x\"")).getMessage());
        assertEquals("factor label: hint.en: must be one line without control characters [factor-label.control]",
                refused(file("\"x\"", "\"" + SECRET + "\\nline\"")).getMessage());
        assertEquals(List.of(FactorLabelFile.TYPE), refused(file("3", "\"x\"")).rules());
        assertEquals("factor label: label.de: is not a field of the factor label [factor-label.unknown-field]",
                refused("{\"label\": {\"fr\": \"a\", \"en\": \"b\", \"de\": \"" + SECRET + "\"},"
                        + " \"hint\": {\"fr\": \"a\", \"en\": \"b\"}}").getMessage());
        assertEquals("factor label: hint: is missing [factor-label.missing]",
                refused("{\"label\": {\"fr\": \"a\", \"en\": \"b\"}}").getMessage());
        assertEquals(List.of("factor-label.json"), refused("{\"label\": ").rules());
    }
}
