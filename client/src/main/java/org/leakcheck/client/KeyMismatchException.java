package org.leakcheck.client;

import org.leakcheck.protocol.lookup.LookupException;

/**
 * The service does not answer under the pinned key (docs/protocol.md §4.3, §7.5): {@code /v2/info}
 * announces another public key or key id, or an evaluation names another key, answers another
 * number of elements, or carries a proof that does not verify against the pinned key. Never a
 * "not found": a service that evaluates one client under a key of its own could otherwise tell
 * that client whatever it wants, and learn who it is.
 */
public final class KeyMismatchException extends LeakcheckException {

    private static final long serialVersionUID = 1L;

    /** The message of every instance. */
    public static final String MESSAGE = LookupException.Rule.KEY_MISMATCH.sentence();

    public KeyMismatchException() {
        super(MESSAGE);
    }

    public KeyMismatchException(Throwable cause) {
        super(MESSAGE, cause);
    }
}
