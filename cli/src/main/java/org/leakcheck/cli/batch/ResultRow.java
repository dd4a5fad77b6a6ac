package org.leakcheck.cli.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the output file: never an identity, never the factor.
 *
 * <pre>
 * line,id,verdict,datasets,access,kinds,notes
 * 2,M-0001,found,demo-2021,kinds,IDENTITY+NIR+INSURER,
 * 3,M-0002,found,demo-2021|other-2024,factor-needed|kinds,|IDENTITY,
 * 4,M-0003,not-found,,,,
 * 5,,rejected,,,,line.field-count
 * 6,M-0005,found,demo-2021,factor-wrong,,factor.characters
 * 7,M-0006,error,,,,server
 * </pre>
 *
 * @param line     the record's line in the input (1-based, the header is line 1 or later)
 * @param id       the organization's row id ({@code person.key}), or "" when unmapped
 * @param verdict  {@code found}, {@code not-found}, {@code rejected} or {@code error}
 * @param datasets the datasets the person is in, by id
 * @param access   per dataset: {@code kinds}, {@code factor-needed} or {@code factor-wrong}
 * @param kinds    per dataset: the person's kinds of data, {@code +}-joined (empty unless access is kinds)
 * @param notes    the rejection rule; or an error's code; or, for a checked row, the rules of the fields
 *                 that were dropped (e.g. {@code nir.checksum}: the row was checked by its other identity)
 */
record ResultRow(long line, String id, String verdict, List<String> datasets, List<String> access, List<String> kinds,
                 List<String> notes) {

    static final String HEADER = "line,id,verdict,datasets,access,kinds,notes";
    static final String FOUND = "found";
    static final String NOT_FOUND = "not-found";
    static final String REJECTED = "rejected";
    static final String ERROR = "error";

    ResultRow {
        datasets = List.copyOf(datasets);
        access = List.copyOf(access);
        kinds = List.copyOf(kinds);
        notes = List.copyOf(notes);
    }

    /** The row as one CSV line, with its line feed. */
    String format() {
        return line + "," + quote(id) + "," + verdict + "," + String.join("|", datasets) + "," + String.join("|", access)
                + "," + String.join("|", kinds) + "," + String.join("|", notes) + "\n";
    }

    /**
     * Parses a line written by {@link #format} (without its line feed).
     *
     * @throws IllegalArgumentException when it is not one
     */
    static ResultRow parse(String text) {
        List<String> fields = split(text);
        if (fields.size() != 7 || !fields.get(0).matches("[1-9][0-9]{0,17}")) {
            throw new IllegalArgumentException("not a row of this format");
        }
        String verdict = fields.get(2);
        if (!List.of(FOUND, NOT_FOUND, REJECTED, ERROR).contains(verdict)) {
            throw new IllegalArgumentException("unknown verdict");
        }
        return new ResultRow(Long.parseLong(fields.get(0)), fields.get(1), verdict, list(fields.get(3)),
                list(fields.get(4)), fields.get(5).isEmpty() && fields.get(3).isEmpty() ? List.of() : List.of(fields.get(5).split("\\|", -1)),
                list(fields.get(6)));
    }

    private static List<String> list(String field) {
        return field.isEmpty() ? List.of() : List.of(field.split("\\|", -1));
    }

    /**
     * RFC 4180 quoting when needed; a value a spreadsheet would run as a formula ({@code = + - @}
     * first) gets a leading apostrophe (OWASP's CSV injection advice).
     */
    static String quote(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    private static List<String> split(String text) {
        List<String> fields = new ArrayList<>(7);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        fields.add(field.toString());
        return fields;
    }
}
