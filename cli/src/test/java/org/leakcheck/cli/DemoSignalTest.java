package org.leakcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./leakcheck demo} started the way a script starts it ({@code setsid ./leakcheck demo ... &}
 * from a non-interactive shell, which hands SIGINT down as ignored), then stopped with SIGINT or
 * SIGTERM: no process and no port may be left.
 *
 * <p>Needs bash, setsid, Node 20+ (dynalite, the site build) and the built jar
 * {@code cli/target/leakcheck.jar}: Maven runs this class in the {@code integration-test} phase,
 * after {@code package} has built the jar (see {@code cli/pom.xml}), so that {@code ./leakcheck}
 * never builds inside a build.
 */
class DemoSignalTest {

    private static final Path ROOT = Path.of(System.getProperty("leakcheck.root", "..")).toAbsolutePath().normalize();
    private static final Pattern DYNALITE = Pattern.compile("dynalite listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path data;

    @Test
    void sigintStopsABackgroundDemoAndEveryChild() throws Exception {
        stopsEverything("INT");
    }

    @Test
    void sigtermStopsABackgroundDemoAndEveryChild() throws Exception {
        stopsEverything("TERM");
    }

    private void stopsEverything(String signal) throws Exception {
        assertTrue(Files.isRegularFile(ROOT.resolve("cli/target/leakcheck.jar")),
                "cli/target/leakcheck.jar is built by mvn package, before this test's phase");
        int port = freePort();
        Path log = data.resolve("demo.log");
        Process shell = new ProcessBuilder("bash", "-c",
                "setsid ./leakcheck demo --patients 500 --port " + port + " --data-dir '" + data.resolve("d")
                        + "' >'" + log + "' 2>&1 </dev/null & echo $!")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        long pid = Long.parseLong(new String(shell.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        assertEquals(0, shell.waitFor());
        ProcessHandle demo = ProcessHandle.of(pid).orElseThrow();
        try {
            String output = awaitReady(log, demo);
            Matcher dynalite = DYNALITE.matcher(output);
            assertTrue(dynalite.find(), output);
            int dynalitePort = Integer.parseInt(dynalite.group(1));
            List<ProcessHandle> children = demo.descendants().toList();
            assertFalse(children.isEmpty(), "dynalite runs under the demo");
            assertTrue(accepts(port) && accepts(dynalitePort));

            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor());

            demo.onExit().get(30, TimeUnit.SECONDS);
            for (ProcessHandle child : children) {
                child.onExit().get(15, TimeUnit.SECONDS);
                assertFalse(child.isAlive(), "child " + child.pid() + " left running");
            }
            assertFalse(accepts(port), "the server's port is closed");
            assertFalse(accepts(dynalitePort), "dynalite's port is closed");
        } finally {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    private static String awaitReady(Path log, ProcessHandle demo) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            if (output.contains("ready: http://localhost:")) {
                return output;
            }
            assertTrue(demo.isAlive(), "the demo exited before ready:\n" + output);
            Thread.sleep(200);
        }
        throw new AssertionError("not ready after 5 minutes:\n" + Files.readString(log));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
