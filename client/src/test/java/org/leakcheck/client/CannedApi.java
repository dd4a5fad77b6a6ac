package org.leakcheck.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on 127.0.0.1 that answers each path with a canned response: for the answers a
 * real deployment gives only under faults (429 from the WAF, a proxy's HTML error page, a broken
 * or rotated-key answer). The real API is exercised in the function module's integration tests.
 */
final class CannedApi implements AutoCloseable {

    record Canned(int status, String contentType, String body, Map<String, String> headers) {
        static Canned json(String body) {
            return new Canned(200, "application/json", body, Map.of());
        }
    }

    private final HttpServer server;
    private final Map<String, Canned> answers = new ConcurrentHashMap<>();

    CannedApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Canned canned = answers.getOrDefault(path.startsWith("/v1/buckets/") ? "/v1/buckets/*" : path,
                    new Canned(404, "text/plain", "no", Map.of()));
            canned.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.getResponseHeaders().set("Content-Type", canned.contentType());
            String body = canned.body().replace("${bucket}", path.substring(path.lastIndexOf('/') + 1));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(canned.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    CannedApi on(String path, Canned canned) {
        answers.put(path, canned);
        return this;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
