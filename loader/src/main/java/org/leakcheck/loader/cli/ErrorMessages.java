package org.leakcheck.loader.cli;

import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Turns an exception into the one line an operator sees. Our own exceptions carry messages that
 * name a rule and never a value; for anything else only the type is shown, since a library's
 * message might quote data.
 */
final class ErrorMessages {
    private ErrorMessages() {
    }

    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return "file not found: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        String pkg = e.getClass().getPackageName();
        if (pkg.startsWith("org.leakcheck") || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return e.getMessage();
        }
        if (pkg.startsWith("software.amazon.awssdk")) {
            return "AWS error (" + e.getClass().getSimpleName() + "); check the table name, region, endpoint and credentials";
        }
        return "unexpected " + e.getClass().getSimpleName();
    }
}
