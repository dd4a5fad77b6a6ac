package org.leakcheck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The child processes this JVM starts (npm, the site build): each is stopped, with its own
 * children, by a shutdown hook, so that SIGINT or SIGTERM leaves nothing behind. dynalite is
 * supervised by testkit's {@code Dynalite}, which has its own hook.
 */
final class Children {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Children::stopAll, "leakcheck-children-stop"));
    }

    private Children() {
    }

    /**
     * Runs {@code command} in {@code directory}, its output and errors copied to {@code out},
     * and waits for it; returns its exit status.
     */
    static int run(List<String> command, java.nio.file.Path directory, OutputStream out) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + " (is it on the PATH?)", e);
        }
        RUNNING.add(process);
        try {
            process.getOutputStream().close();
            try (InputStream in = process.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // The child's output ended early; its exit status says what happened.
            }
            out.flush();
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            RUNNING.remove(process);
            stop(process);
        }
    }

    private static void stopAll() {
        RUNNING.forEach(Children::stop);
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
