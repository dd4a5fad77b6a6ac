package org.leakcheck.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * One dynalite process: a DynamoDB-compatible engine (npm {@code dynalite@4}, Apache-2.0, LevelDB
 * based) listening on a free port of 127.0.0.1 only.
 *
 * <p>In memory by default; with a data folder ({@code --path}) it persists, so a test can
 * {@link #kill()} it mid-write (SIGKILL, as a crash would) and {@link #restart()} it on the same
 * port and folder to check that nothing written before the crash is lost.
 *
 * <p>Needs Node 20+ on the PATH and {@code testkit/node_modules}, which the testkit module's build
 * installs with {@code npm ci}. The process is started as
 * {@code node --require testkit/exit-with-parent.cjs testkit/node_modules/dynalite/cli.js
 * --host 127.0.0.1 --port P [--path DIR]}; the preload makes it exit when this JVM dies.
 *
 * <p>Not thread-safe for concurrent start/stop calls; {@link #kill()} may be called from any
 * thread while clients use the endpoint.
 */
public final class Dynalite implements AutoCloseable {

    /** The only address dynalite listens on: tests must never open a port on other interfaces. */
    public static final String HOST = "127.0.0.1";

    /** Region given to clients; dynalite ignores it but the SDK requires one. */
    public static final Region REGION = Region.EU_WEST_3;

    private static final String READY_LINE = "Dynalite listening at";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 5;

    private final Path testkitDir;
    private final Path dataDir;
    private final Path logFile;
    private int port;
    private Process process;
    private Thread shutdownHook;

    private Dynalite(Path testkitDir, Path dataDir, Path logFile) {
        this.testkitDir = testkitDir;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    /** Starts an in-memory dynalite on a free loopback port and waits until it accepts connections. */
    public static Dynalite startInMemory() {
        return start(null, 0);
    }

    /**
     * Starts a dynalite that persists in {@code dataDir} (created if missing) on a free loopback
     * port, and waits until it accepts connections.
     */
    public static Dynalite startPersistent(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * Starts dynalite on a given loopback port (0 picks a free one), in memory when
     * {@code dataDir} is null. For the demo, which wants a stable endpoint across runs.
     */
    public static Dynalite start(Path dataDir, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: must be in [0, 65535]");
        }
        Path testkit = TestkitDir.locate();
        Path data = null;
        Path log;
        try {
            if (dataDir != null) {
                data = Files.createDirectories(dataDir).toAbsolutePath();
            }
            log = Files.createTempFile("dynalite-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare dynalite folders", e);
        }
        Dynalite dynalite = new Dynalite(testkit, data, log);
        try {
            dynalite.startOnFreeOrGivenPort(port);
        } catch (RuntimeException e) {
            dynalite.deleteLog();
            throw e;
        }
        return dynalite;
    }

    /** The endpoint to give an SDK client, {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://" + HOST + ":" + port);
    }

    /** The loopback port, kept across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** The LevelDB folder, empty when in memory. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** Whether the node process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * A client builder already pointed at this engine: url-connection HTTP client, region
     * eu-west-3, static dummy credentials. Callers may tune it (timeouts, retries) before build().
     */
    public DynamoDbClientBuilder clientBuilder() {
        return clientBuilder(endpoint());
    }

    /** Same as {@link #clientBuilder()} for any DynamoDB-compatible endpoint (LocalStack, another dynalite). */
    public static DynamoDbClientBuilder clientBuilder(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("leakcheck-test", "leakcheck-test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    /** A ready client with {@link #clientBuilder()}'s settings; the caller closes it. */
    public DynamoDbClient newClient() {
        return clientBuilder().build();
    }

    /** Stops the process (SIGTERM, then SIGKILL if it lingers). Does nothing if already stopped. */
    public synchronized void stop() {
        terminate(false);
    }

    /**
     * Kills the process with SIGKILL, as a crash or power loss of the engine would, and waits
     * until it is gone. In-flight requests fail with connection errors.
     */
    public synchronized void kill() {
        terminate(true);
    }

    /**
     * Starts the engine again on the same port and data folder. An in-memory engine comes back
     * empty; a persistent one comes back with everything it had acknowledged.
     *
     * @throws IllegalStateException if it is still running
     */
    public synchronized void restart() {
        if (isRunning()) {
            throw new IllegalStateException("dynalite is still running on port " + port);
        }
        launch(port);
    }

    /** Stops the process and deletes its log file. The data folder, if any, is left to its owner. */
    @Override
    public synchronized void close() {
        terminate(false);
        deleteLog();
    }

    /** The last lines dynalite printed, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no dynalite log: " + e.getClass().getSimpleName() + ")";
        }
    }

    private synchronized void startOnFreeOrGivenPort(int requestedPort) {
        if (requestedPort != 0) {
            launch(requestedPort);
            return;
        }
        // The port is free when we probe it but another process may take it before node binds:
        // dynalite then exits with EADDRINUSE and we try another one.
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            int candidate = freeLoopbackPort();
            try {
                launch(candidate);
                return;
            } catch (DynaliteStartException e) {
                failures.add(e.getMessage());
            }
        }
        throw new DynaliteStartException("dynalite did not start after " + PORT_ATTEMPTS + " ports: " + failures);
    }

    private void launch(int onPort) {
        List<String> command = new ArrayList<>(List.of(
                "node",
                "--require", testkitDir.resolve(TestkitDir.EXIT_WITH_PARENT).toString(),
                testkitDir.resolve(TestkitDir.CLI).toString(),
                "--host", HOST,
                "--port", Integer.toString(onPort)));
        if (dataDir != null) {
            command.add("--path");
            command.add(dataDir.toString());
        }
        long logOffset = logSize();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(testkitDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // stdin stays a pipe that we never write to: exit-with-parent.cjs exits when it closes.
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DynaliteStartException("cannot run node (Node 20+ must be on the PATH): "
                    + e.getClass().getSimpleName());
        }
        port = onPort;
        try {
            awaitReady(logOffset);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            waitQuietly(process, STOP_TIMEOUT);
            process = null;
            throw e;
        }
        registerShutdownHook();
    }

    private void awaitReady(long logOffset) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new DynaliteStartException("dynalite exited with code " + process.exitValue()
                        + " on port " + port + ":\n" + logTail());
            }
            // The ready line proves that *our* process bound the port (not some other listener);
            // the connect proves it accepts connections.
            if (logSince(logOffset).contains(READY_LINE) && accepts()) {
                return;
            }
            sleep(Duration.ofMillis(25));
        }
        throw new DynaliteStartException("dynalite did not accept connections on port " + port
                + " within " + START_TIMEOUT.toSeconds() + " s:\n" + logTail());
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void terminate(boolean forcibly) {
        Process running = process;
        process = null;
        unregisterShutdownHook();
        if (running == null) {
            return;
        }
        if (forcibly) {
            running.destroyForcibly();
        } else {
            running.destroy();
            if (!waitQuietly(running, STOP_TIMEOUT)) {
                running.destroyForcibly();
            }
        }
        waitQuietly(running, STOP_TIMEOUT);
    }

    private void registerShutdownHook() {
        Process running = process;
        shutdownHook = new Thread(running::destroyForcibly, "dynalite-shutdown-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void unregisterShutdownHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway; nothing to undo.
        }
        shutdownHook = null;
    }

    private long logSize() {
        try {
            return Files.size(logFile);
        } catch (IOException e) {
            return 0;
        }
    }

    private String logSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(logFile);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void deleteLog() {
        try {
            Files.deleteIfExists(logFile);
        } catch (IOException ignored) {
            // A temp file left behind is harmless.
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static boolean waitQuietly(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Not a DynaliteStartException: an interrupt must not be retried on another port.
            throw new IllegalStateException("interrupted while waiting for dynalite");
        }
    }

    /** dynalite could not be started or did not become ready. */
    public static final class DynaliteStartException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DynaliteStartException(String message) {
            super(message);
        }
    }
}
