package org.leakcheck.function.cap;

import org.leakcheck.function.http.ApiRequest;

/**
 * The daily cap as the evaluate handler uses it: who the request counts against, then one count.
 * {@link #none()} where there is no cap (local runs, the local server).
 */
public final class ClientCap {
    private final ClientResolver resolver;
    private final DailyCap cap;

    private ClientCap(ClientResolver resolver, DailyCap cap) {
        this.resolver = resolver;
        this.cap = cap;
    }

    /** No cap: every request is admitted. */
    public static ClientCap none() {
        return new ClientCap(null, null);
    }

    public static ClientCap of(ClientResolver resolver, DailyCap cap) {
        return new ClientCap(resolver, cap);
    }

    /**
     * Counts {@code elements} for the request's client; false when that client's day is used up.
     * A registered caller (not capped per address) is always admitted here.
     */
    public boolean admit(ApiRequest request, int elements) {
        if (cap == null) {
            return true;
        }
        return resolver.resolve(request.apiKey(), request.sourceIp(), request.header(ClientResolver.VIEWER_ADDRESS),
                        request.header(ClientResolver.EDGE_TOKEN))
                .map(address -> cap.admit(address, elements))
                .orElse(true);
    }
}
