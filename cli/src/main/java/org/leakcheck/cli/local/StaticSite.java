package org.leakcheck.cli.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * Serves the built website ({@code website/dist}) read-only: GET and HEAD, no directory
 * listings, nothing outside the folder.
 */
final class StaticSite {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("map", "application/json"));

    private final Path root;
    private final Map<String, String> securityHeaders;

    /** @param root the built site, or null when there is none */
    StaticSite(Path root, Map<String, String> securityHeaders) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
        this.securityHeaders = securityHeaders;
    }

    /**
     * Serves the file of a GET or HEAD request and returns true; returns false, having sent
     * nothing, when there is no such file (or no site, or another method): the caller answers.
     */
    boolean serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        Path file = resolve(exchange.getRequestURI().getPath());
        if (file == null) {
            return false;
        }
        byte[] content = Files.readAllBytes(file);
        headers(exchange);
        exchange.getResponseHeaders().set("Content-Type", type(file));
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        if (method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(content.length));
            exchange.sendResponseHeaders(200, -1);
        } else {
            exchange.sendResponseHeaders(200, content.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(content);
            }
        }
        exchange.close();
        return true;
    }

    /** The file for a decoded URL path, or null if none (or outside the root). */
    private Path resolve(String urlPath) {
        if (root == null || urlPath == null || !urlPath.startsWith("/") || urlPath.indexOf('\0') >= 0
                || urlPath.contains("\\")) {
            return null;
        }
        Path candidate = root.resolve(urlPath.substring(1)).normalize();
        if (!candidate.startsWith(root)) {
            return null;
        }
        if (Files.isDirectory(candidate)) {
            candidate = candidate.resolve("index.html");
        }
        return Files.isRegularFile(candidate) ? candidate : null;
    }

    private void headers(HttpExchange exchange) {
        securityHeaders.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    }

    private static String type(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
