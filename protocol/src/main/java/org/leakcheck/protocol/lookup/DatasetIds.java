package org.leakcheck.protocol.lookup;

import java.util.regex.Pattern;

/**
 * Dataset ids name one loaded leak ({@code "labos-2021"}). They enter key derivations and URLs, so
 * they are restricted to a small ASCII alphabet.
 */
public final class DatasetIds {
    private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]");

    private DatasetIds() {
    }

    /** True when {@code id} is 3 to 40 characters of {@code a-z 0-9 -}, not starting or ending with '-'. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** Returns {@code id} or throws if it is not {@link #isValid valid}. */
    public static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(
                    "dataset id must be 3 to 40 characters of a-z, 0-9 and '-', not starting or ending with '-'");
        }
        return id;
    }
}
