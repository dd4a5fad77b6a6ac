package org.leakcheck.cli.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP proxy in front of the local server that injects the faults a real engine cannot
 * be made to produce on demand: 429 (with Retry-After, and the bodies API Gateway sends), 5xx,
 * connections closed without an answer, and delays. Everything else is forwarded as is.
 */
final class FaultProxy implements AutoCloseable {

    /** What to do with the n-th request (from 1) of a method and path. */
    sealed interface Fault permits Forward, Answer, Drop, Delay {
    }

    record Forward() implements Fault {
    }

    record Answer(int status, String body, Optional<String> retryAfter) implements Fault {
    }

    record Drop() implements Fault {
    }

    record Delay(long millis) implements Fault {
    }

    private static final List<String> REQUEST_HEADERS = List.of("Content-Type", "If-None-Match", "x-api-key", "Accept");
    private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "ETag", "Cache-Control", "Retry-After");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    private volatile BiFunction<Integer, String, Fault> faults = (n, path) -> new Forward();

    FaultProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @param policy told the request's number (from 1, all routes) and "METHOD path" */
    void faults(BiFunction<Integer, String, Fault> policy) {
        requests.set(0);
        injected.set(0);
        this.faults = policy;
    }

    /** Faults injected since {@link #faults} (delays not counted). */
    int injected() {
        return injected.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            Fault fault = faults.apply(requests.incrementAndGet(), route);
            if (fault instanceof Drop) {
                injected.incrementAndGet();
                return;       // closed without a status line: the client sees an IOException
            }
            if (fault instanceof Answer answer) {
                injected.incrementAndGet();
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                answer.retryAfter().ifPresent(v -> exchange.getResponseHeaders().add("Retry-After", v));
                exchange.sendResponseHeaders(answer.status(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
                return;
            }
            if (fault instanceof Delay delay) {
                Thread.sleep(delay.millis());
            }
            forward(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getRawPath()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : REQUEST_HEADERS) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        for (String name : RESPONSE_HEADERS) {
            response.headers().firstValue(name).ifPresent(v -> exchange.getResponseHeaders().add(name, v));
        }
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
