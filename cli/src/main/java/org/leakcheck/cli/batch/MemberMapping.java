package org.leakcheck.cli.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.leakcheck.loader.source.ColumnMapping;
import org.leakcheck.loader.source.SourceException;
import org.leakcheck.loader.source.SourceRules;

/**
 * The loader's {@link ColumnMapping}, read for a members file: the same keys (a {@code .properties}
 * file as the loader takes, or a JSON object of the same keys and header names), of which a batch
 * check uses the identity columns, {@code identity.factor} (the first non-blank of its columns) and
 * {@code person.key}, which names the organization's own row id, copied to the output. The
 * {@code group.*} keys and {@code identity.birthName} are ignored: a person is checked as the page
 * checks them, by one name. {@code --factor-column} and {@code --id-column} replace the mapping's.
 *
 * <p>The row id column must not be an identity or factor column: the output never holds one.
 */
final class MemberMapping {

    /** The loader's default mapping (the columns {@code generate} writes), read as a resource of its jar. */
    static final String DEFAULT_RESOURCE = "/org/leakcheck/loader/source/default-mapping.properties";

    private MemberMapping() {
    }

    /**
     * @param file         the mapping file, or null for the loader's default mapping
     * @param factorColumn replaces {@code identity.factor}, when given ("" unmaps it)
     * @param idColumn     replaces {@code person.key}, when given ("" unmaps it)
     * @throws SourceException {@code mapping.*}, or {@code mapping.id-is-identity}
     */
    static ColumnMapping read(Path file, String factorColumn, String idColumn) {
        Properties properties = file == null ? defaults() : load(file);
        Properties used = new Properties();
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith(ColumnMapping.GROUP_PREFIX) && !key.equals(ColumnMapping.BIRTH_NAME)) {
                used.setProperty(key, properties.getProperty(key));
            }
        }
        if (factorColumn != null) {
            used.setProperty(ColumnMapping.FACTOR, factorColumn);
        }
        if (idColumn != null) {
            used.setProperty(ColumnMapping.PERSON_KEY, idColumn);
        }
        String origin = file == null ? "default mapping" : "mapping file " + file.getFileName();
        ColumnMapping mapping = ColumnMapping.fromProperties(used, origin);
        Optional<String> id = mapping.personKey().map(MemberMapping::normalize);
        if (id.isPresent()) {
            boolean identity = mapping.nir().map(MemberMapping::normalize).equals(id)
                    || mapping.lastName().map(MemberMapping::normalize).equals(id)
                    || mapping.firstNames().map(MemberMapping::normalize).equals(id)
                    || mapping.birthDate().map(MemberMapping::normalize).equals(id)
                    || mapping.factor().stream().map(MemberMapping::normalize).anyMatch(id.get()::equals);
            if (identity) {
                throw new SourceException("mapping.id-is-identity", 0, origin
                        + ": the row id column (person.key, --id-column) is an identity or factor column; "
                        + "the output never holds one");
            }
        }
        return mapping;
    }

    private static String normalize(String header) {
        return header.trim().toLowerCase(Locale.ROOT);
    }

    private static Properties defaults() {
        try (InputStream in = ColumnMapping.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the loader jar lacks its default mapping");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new IllegalStateException("the loader's default mapping is unreadable", e);
        }
    }

    private static Properties load(Path file) {
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                return fromJson(file);
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Properties properties = new Properties();
                properties.load(reader);
                return properties;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new SourceException(SourceRules.MAPPING_UNREADABLE, 0, "mapping file " + file.getFileName()
                    + " cannot be read as UTF-8 .properties or a JSON object of strings (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    /** A JSON object whose values are header names (a string, or an array of strings for several columns). */
    private static Properties fromJson(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not an object");
        }
        Properties properties = new Properties();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                properties.setProperty(field.getKey(), value.textValue());
            } else if (value.isArray()) {
                StringBuilder columns = new StringBuilder();
                for (JsonNode column : value) {
                    if (!column.isTextual()) {
                        throw new IllegalArgumentException("not a string");
                    }
                    columns.append(columns.isEmpty() ? "" : ",").append(column.textValue());
                }
                properties.setProperty(field.getKey(), columns.toString());
            } else {
                throw new IllegalArgumentException("not a string");
            }
        }
        return properties;
    }
}
