package org.leakcheck.cli.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

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
    boolean serve(Request request, Response response, Callback callback) throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        Path file = resolve(decodedPath(request));
        if (file == null) {
            return false;
        }
        byte[] content = Files.readAllBytes(file);
        HttpFields.Mutable headers = response.getHeaders();
        securityHeaders.forEach(headers::put);
        headers.put("Content-Type", type(file));
        headers.put("Cache-Control", "no-cache");
        headers.put("Content-Length", Integer.toString(content.length));
        response.setStatus(200);
        // Jetty sends no body for HEAD, whatever is written, and keeps the Content-Length.
        response.write(true, method.equals("HEAD") ? null : ByteBuffer.wrap(content), callback);
        return true;
    }

    /** The percent-decoded path, or null when it does not decode (then it names no file). */
    private static String decodedPath(Request request) {
        try {
            return request.getHttpURI().getDecodedPath();
        } catch (RuntimeException undecodable) {
            return null;
        }
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

    private static String type(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
