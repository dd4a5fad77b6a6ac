package org.leakcheck.function.http;

import java.util.Optional;

/**
 * CORS restricted to one configured origin (the site's), or none at all when the site and the API
 * share an origin behind CloudFront. {@code *} allows any origin (for a public API deployment).
 * Credentials are never allowed.
 */
public final class Cors {

    private static final String MAX_AGE_SECONDS = "600";

    private final Optional<String> allowedOrigin;

    /** @param allowedOrigin the exact origin allowed ({@code https://example.org}), {@code *}, or empty for none */
    public Cors(Optional<String> allowedOrigin) {
        this.allowedOrigin = allowedOrigin.map(String::trim).filter(o -> !o.isEmpty());
    }

    /** No cross-origin access. */
    public static Cors none() {
        return new Cors(Optional.empty());
    }

    /** Adds the CORS headers to a response to a request from {@code origin} (may be null). */
    void apply(String origin, ApiResponse response) {
        if (allowedOrigin.isEmpty()) {
            return;
        }
        String allowed = allowedOrigin.get();
        if (!allowed.equals("*")) {
            // The answer depends on the Origin header: caches must key on it.
            response.header("Vary", "Origin");
        }
        if (allows(origin)) {
            response.header("Access-Control-Allow-Origin", allowed);
        }
    }

    /** The answer to a preflight for {@code route}: 204, with permissions only for the allowed origin. */
    ApiResponse preflight(String origin, Route route) {
        ApiResponse response = ApiResponse.empty(204).header("Allow", route.allow());
        apply(origin, response);
        if (allows(origin)) {
            response.header("Access-Control-Allow-Methods", route.allow())
                    .header("Access-Control-Allow-Headers", "Content-Type")
                    .header("Access-Control-Max-Age", MAX_AGE_SECONDS);
        }
        return response;
    }

    private boolean allows(String origin) {
        return allowedOrigin.isPresent() && origin != null
                && (allowedOrigin.get().equals("*") || allowedOrigin.get().equals(origin));
    }
}
