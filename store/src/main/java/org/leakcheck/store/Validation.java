package org.leakcheck.store;

/**
 * Generic argument checks shared by the store's types; messages name the field and the rule,
 * never the value. The protocol's own rules (dataset ids, bucket bits, load ids, key ids) are not
 * here: the store uses {@code org.leakcheck.protocol}'s, so that there is one of each.
 */
final class Validation {

    private Validation() {
    }

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": must not be null");
        }
        return value;
    }

    static long notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + ": must not be negative");
        }
        return value;
    }
}
