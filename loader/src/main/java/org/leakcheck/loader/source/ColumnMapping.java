package org.leakcheck.loader.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.leakcheck.protocol.lookup.ExposureKind;

/**
 * Which header columns hold which logical field, read from a Java {@code .properties} file
 * (UTF-8) so that the loader adapts to any export without code.
 *
 * <h2>Keys</h2>
 * <pre>
 * identity.lastName   = nom              # usage last name
 * identity.birthName  = nom_naissance    # optional: birth name, indexed too when it differs
 * identity.firstNames = prenoms          # first names; the usual one comes first
 * identity.birthDate  = date_naissance   # YYYY-MM-DD or DD/MM/YYYY
 * identity.nir        = nir              # social security number
 * identity.factor     = numero_adherent  # the factor: one or more columns (membership, gated)
 * person.key          = numero_patient   # optional: rows with the same key are one person
 * group.IDENTITY      = nom, prenoms, date_naissance   # one key per ExposureKind:
 * group.NIR           = nir                            # a bit is set for a person when
 * group.ADDRESS       = adresse, code_postal, ville    # any listed column is non-blank
 * ...                                                  # (PHONE, EMAIL, INSURER, BLOOD_GROUP,
 *                                                      #  MEDICAL, DOCTOR, COMMENTS)
 * </pre>
 * Values are header names, matched after trimming and ignoring case. An empty value leaves the
 * field unmapped. The NIR, or all three of last name, first names and birth date, must be
 * mapped. Unknown keys are an error (a misspelt key would otherwise silently drop a field).
 *
 * <p>{@link #defaultMapping()} is the mapping for the files written by {@code generate}
 * (resource {@code org/leakcheck/loader/source/default-mapping.properties}).
 */
public final class ColumnMapping {

    public static final String LAST_NAME = "identity.lastName";
    public static final String BIRTH_NAME = "identity.birthName";
    public static final String FIRST_NAMES = "identity.firstNames";
    public static final String BIRTH_DATE = "identity.birthDate";
    public static final String NIR = "identity.nir";
    public static final String PERSON_KEY = "person.key";
    /** The factor column(s): a second value of the person's record ({@code docs/protocol.md} §2.2). */
    public static final String FACTOR = "identity.factor";
    public static final String GROUP_PREFIX = "group.";

    static final String DEFAULT_RESOURCE = "default-mapping.properties";

    private final String origin;
    private final Map<String, String> fields;
    private final Map<ExposureKind, List<String>> groups;
    private final List<String> factor;

    private ColumnMapping(String origin, Map<String, String> fields, Map<ExposureKind, List<String>> groups,
                          List<String> factor) {
        this.origin = origin;
        this.fields = fields;
        this.groups = groups;
        this.factor = factor;
    }

    /** The mapping for the CSV files written by the {@code generate} command. */
    public static ColumnMapping defaultMapping() {
        try (InputStream in = ColumnMapping.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default mapping resource is missing from the jar");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), "default mapping");
        } catch (IOException e) {
            throw new IllegalStateException("default mapping resource is unreadable", e);
        }
    }

    /**
     * Reads a mapping file (UTF-8 {@code .properties}).
     *
     * @throws SourceException {@code mapping.*} when the file is unreadable or invalid
     */
    public static ColumnMapping load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, "mapping file " + file.getFileName());
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: Properties rejects a malformed \\uXXXX escape.
            throw new SourceException(SourceRules.MAPPING_UNREADABLE, 0,
                    "mapping file " + file.getFileName() + " cannot be read as UTF-8 .properties ("
                            + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * Builds a mapping from properties already loaded.
     *
     * @param origin where they came from, used in error messages
     * @throws SourceException {@code mapping.*} when the mapping is invalid
     */
    public static ColumnMapping fromProperties(Properties properties, String origin) {
        Map<String, String> fields = new HashMap<>();
        Map<ExposureKind, List<String>> groups = new EnumMap<>(ExposureKind.class);
        Set<String> unknown = new TreeSet<>();
        List<String> factor = List.of();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).trim();
            switch (key) {
                case FACTOR -> factor = List.copyOf(splitColumns(value));
                case LAST_NAME, BIRTH_NAME, FIRST_NAMES, BIRTH_DATE, NIR, PERSON_KEY -> {
                    if (!value.isEmpty()) {
                        fields.put(key, value);
                    }
                }
                default -> {
                    ExposureKind kind = key.startsWith(GROUP_PREFIX) ? kindOf(key.substring(GROUP_PREFIX.length())) : null;
                    if (kind == null) {
                        unknown.add(key);
                    } else {
                        List<String> columns = splitColumns(value);
                        if (!columns.isEmpty()) {
                            groups.put(kind, columns);
                        }
                    }
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new SourceException(SourceRules.MAPPING_UNKNOWN_KEY, 0,
                    origin + ": unknown key(s) " + unknown + "; known keys are identity.lastName, identity.birthName, "
                            + "identity.firstNames, identity.birthDate, identity.nir, identity.factor, person.key and "
                            + "group.<KIND> with KIND in "
                            + Arrays.toString(ExposureKind.values()));
        }
        int nameDobParts = (fields.containsKey(LAST_NAME) ? 1 : 0) + (fields.containsKey(FIRST_NAMES) ? 1 : 0)
                + (fields.containsKey(BIRTH_DATE) ? 1 : 0);
        if (nameDobParts != 0 && nameDobParts != 3) {
            throw new SourceException(SourceRules.MAPPING_INCOMPLETE_NAME_DOB, 0,
                    origin + ": identity.lastName, identity.firstNames and identity.birthDate must be mapped together");
        }
        if (nameDobParts == 0 && !fields.containsKey(NIR)) {
            throw new SourceException(SourceRules.MAPPING_NO_IDENTITY, 0,
                    origin + ": map identity.nir, or identity.lastName, identity.firstNames and identity.birthDate");
        }
        Map<ExposureKind, List<String>> frozen = new EnumMap<>(ExposureKind.class);
        groups.forEach((kind, columns) -> frozen.put(kind, List.copyOf(columns)));
        return new ColumnMapping(origin, Map.copyOf(fields), Collections.unmodifiableMap(frozen), factor);
    }

    private static ColumnMapping read(Reader reader, String origin) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        return fromProperties(properties, origin);
    }

    private static ExposureKind kindOf(String name) {
        for (ExposureKind kind : ExposureKind.values()) {
            if (kind.name().equals(name)) {
                return kind;
            }
        }
        return null;
    }

    private static List<String> splitColumns(String value) {
        Set<String> columns = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String column = part.trim();
            if (!column.isEmpty()) {
                columns.add(column);
            }
        }
        return new ArrayList<>(columns);
    }

    /** Where the mapping came from ("default mapping", "mapping file x.properties"). */
    public String origin() {
        return origin;
    }

    /** Header of the usage last name, if mapped. */
    public Optional<String> lastName() {
        return Optional.ofNullable(fields.get(LAST_NAME));
    }

    /** Header of the birth name, if mapped. */
    public Optional<String> birthName() {
        return Optional.ofNullable(fields.get(BIRTH_NAME));
    }

    /** Header of the first names, if mapped. */
    public Optional<String> firstNames() {
        return Optional.ofNullable(fields.get(FIRST_NAMES));
    }

    /** Header of the birth date, if mapped. */
    public Optional<String> birthDate() {
        return Optional.ofNullable(fields.get(BIRTH_DATE));
    }

    /** Header of the NIR, if mapped. */
    public Optional<String> nir() {
        return Optional.ofNullable(fields.get(NIR));
    }

    /** Header of the column whose equal values mark rows of the same person, if mapped. */
    public Optional<String> personKey() {
        return Optional.ofNullable(fields.get(PERSON_KEY));
    }

    /** The header of a logical field key ({@link #LAST_NAME}...), if mapped. */
    Optional<String> field(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    /** The factor columns ({@code identity.factor}), in mapping order; empty when unmapped. */
    public List<String> factor() {
        return factor;
    }

    /** This mapping without its factor columns: under the open policy they are neither read nor required. */
    public ColumnMapping withoutFactor() {
        return factor.isEmpty() ? this : new ColumnMapping(origin, fields, groups, List.of());
    }

    /** Columns of each exposure group that is mapped. */
    public Map<ExposureKind, List<String>> groups() {
        return groups;
    }

    /** Normalizes a header name for matching: trimmed, lower case (ROOT locale). */
    static String normalizeHeader(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
