package org.leakcheck.loader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.generate.LeakColumns;
import org.leakcheck.protocol.lookup.ExposureKind;

class ColumnMappingTest {

    @TempDir
    Path dir;

    @Test
    void defaultMappingNamesOnlyColumnsOfTheGeneratedLeak() {
        ColumnMapping mapping = ColumnMapping.defaultMapping();
        assertEquals(Optional.of("nom"), mapping.lastName());
        assertEquals(Optional.of("nom_naissance"), mapping.birthName());
        assertEquals(Optional.of("prenoms"), mapping.firstNames());
        assertEquals(Optional.of("date_naissance"), mapping.birthDate());
        assertEquals(Optional.of("nir"), mapping.nir());
        assertEquals(Optional.of("numero_patient"), mapping.personKey());
        assertEquals(ExposureKind.values().length, mapping.groups().size(), "every exposure kind is mapped");
        for (List<String> columns : mapping.groups().values()) {
            assertTrue(LeakColumns.HEADERS.containsAll(columns), () -> "unknown column in " + columns);
        }
    }

    @Test
    void mapsTheFactorToOneOrMoreColumnsAndCanDropIt() {
        assertEquals(List.of("numero_adherent"), ColumnMapping.defaultMapping().factor());
        Properties p = new Properties();
        p.setProperty("identity.nir", "nir");
        p.setProperty("identity.factor", " adherent , dossier,adherent ");

        ColumnMapping mapping = ColumnMapping.fromProperties(p, "m");

        assertEquals(List.of("adherent", "dossier"), mapping.factor());
        assertEquals(List.of(), mapping.withoutFactor().factor());
        assertEquals(Optional.of("nir"), mapping.withoutFactor().nir());
        p.setProperty("identity.factor", "");
        assertEquals(List.of(), ColumnMapping.fromProperties(p, "m").factor(), "an empty value leaves it unmapped");
    }

    @Test
    void loadsAUtf8PropertiesFileWithAccentedHeaders() throws IOException {
        Path file = dir.resolve("mapping.properties");
        Files.writeString(file, "identity.nir = n° sécu\ngroup.PHONE = tél. portable ,  tél. fixe,\n", StandardCharsets.UTF_8);
        ColumnMapping mapping = ColumnMapping.load(file);
        assertEquals(Optional.of("n° sécu"), mapping.nir());
        assertEquals(Optional.empty(), mapping.lastName());
        assertEquals(List.of("tél. portable", "tél. fixe"), mapping.groups().get(ExposureKind.PHONE));
    }

    @Test
    void rejectsAnUnknownKeyNamingIt() {
        Properties p = new Properties();
        p.setProperty("identity.nir", "nir");
        p.setProperty("identity.lastname", "nom");
        p.setProperty("group.PHONES", "tel");
        SourceException e = assertThrows(SourceException.class, () -> ColumnMapping.fromProperties(p, "m"));
        assertEquals(SourceRules.MAPPING_UNKNOWN_KEY, e.rule());
        assertTrue(e.getMessage().contains("[group.PHONES, identity.lastname]"), e.getMessage());
    }

    @Test
    void requiresTheNameDobFieldsTogether() {
        Properties p = new Properties();
        p.setProperty("identity.lastName", "nom");
        p.setProperty("identity.birthDate", "ddn");
        SourceException e = assertThrows(SourceException.class, () -> ColumnMapping.fromProperties(p, "m"));
        assertEquals(SourceRules.MAPPING_INCOMPLETE_NAME_DOB, e.rule());
    }

    @Test
    void requiresSomeIdentity() {
        Properties p = new Properties();
        p.setProperty("identity.nir", "  ");
        p.setProperty("group.EMAIL", "mail");
        SourceException e = assertThrows(SourceException.class, () -> ColumnMapping.fromProperties(p, "m"));
        assertEquals(SourceRules.MAPPING_NO_IDENTITY, e.rule());
    }

    @Test
    void anUnreadableFileIsAClearError() {
        SourceException e = assertThrows(SourceException.class, () -> ColumnMapping.load(dir.resolve("missing.properties")));
        assertEquals(SourceRules.MAPPING_UNREADABLE, e.rule());
        assertTrue(e.getMessage().contains("missing.properties"));
    }
}
