package org.leakcheck.loader.load.spill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory of one load's temporary files ({@code --work-dir}), and what makes a load
 * resumable: a state file naming the options the files were made for, and one marker file per
 * finished piece of work (a phase, a partition), written after its data is on the disk.
 *
 * <pre>
 * state.json        {"format": 1, "options": hex, "salt": base64}    the spill key's salt (§ SpillKey)
 * NAME.done         what the finished piece produced (counts, digests): JSON
 * NAME-0042.spill   a partition's records, AES-CTR under the spill key
 * .lock             held while a load runs: two loads never share a directory
 * </pre>
 *
 * A directory made for other options (another dataset, key, policy, mapping) is emptied and
 * reused. The directory is created owner-only where the file system has POSIX permissions.
 */
public final class WorkDir implements AutoCloseable {
    static final int FORMAT = 1;
    private static final String STATE = "state.json";
    private static final String LOCK = ".lock";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final SecureRandom random;
    private final byte[] paddingKey;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private SpillKey key;
    private boolean reused;
    private long peakBytes;

    private WorkDir(Path dir, SecureRandom random, byte[] paddingKey, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.random = random;
        this.paddingKey = paddingKey.clone();
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (or creates) {@code dir} for a load whose options hash to {@code options}: its files are
     * kept when they were made for the same options, else it is emptied.
     *
     * @throws IllegalStateException when another load holds the directory
     */
    public static WorkDir open(Path dir, String options, byte[] paddingKey, SecureRandom random) throws IOException {
        createOwnerOnly(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("the work directory " + dir + " is in use by another load of this"
                    + " dataset; wait for it, or give this one another --work-dir");
        }
        WorkDir work = new WorkDir(dir, random, paddingKey, channel, lock);
        work.adopt(options);
        return work;
    }

    /** True when the directory held files of an earlier run with the same options, which this run may reuse. */
    public boolean reused() {
        return reused;
    }

    public Path path() {
        return dir;
    }

    /** Empties the directory and starts over with a new salt (the input changed since the files were made). */
    public void reset(String options) throws IOException {
        clearExcept();
        start(options);
    }

    /** The marker of a finished piece of work, if it was written. */
    public Optional<JsonNode> marker(String name) throws IOException {
        Path file = dir.resolve(name + ".done");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            // A marker cut short by a crash: the piece is not done.
            return Optional.empty();
        }
    }

    /** Records a finished piece of work, atomically: a marker is either whole or absent. */
    public void mark(String name, ObjectNode value) throws IOException {
        Path tmp = dir.resolve(name + ".done.tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(value)));
            out.force(true);
        }
        move(tmp, dir.resolve(name + ".done"));
    }

    public ObjectNode newMarker() {
        return JSON.createObjectNode();
    }

    /** A new (truncated) encrypted file {@code name}. */
    public SpillWriter writer(String name, int bufferSize) {
        return new SpillWriter(dir.resolve(name), key, bufferSize);
    }

    public SpillReader reader(String name) throws IOException {
        return new SpillReader(dir.resolve(name), key);
    }

    public boolean exists(String name) {
        return Files.exists(dir.resolve(name));
    }

    /** Deletes the data files and markers whose names start with {@code prefix}. */
    public void delete(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().startsWith(prefix)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Bytes of every file in the directory now. */
    public long bytes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                total += Files.size(f);
            }
            return total;
        }
    }

    /** Updates the peak with the directory's size now; returns the peak. */
    public long notePeak() throws IOException {
        peakBytes = Math.max(peakBytes, bytes());
        return peakBytes;
    }

    /** The largest size of the directory seen by {@link #notePeak()}. */
    public long peakBytes() {
        return peakBytes;
    }

    /** Releases the directory, deleting it and all it holds when {@code delete}. */
    public void close(boolean delete) throws IOException {
        if (delete) {
            clearExcept();
        }
        lock.release();
        lockChannel.close();
        if (delete) {
            Files.deleteIfExists(dir.resolve(LOCK));
            try {
                Files.deleteIfExists(dir);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // Someone else's file in our directory: leave it.
            }
        }
    }

    @Override
    public void close() throws IOException {
        close(false);
    }

    private void adopt(String options) throws IOException {
        Path state = dir.resolve(STATE);
        if (Files.exists(state)) {
            try {
                JsonNode json = JSON.readTree(state.toFile());
                if (json.path("format").asInt() == FORMAT && options.equals(json.path("options").asText())) {
                    key = SpillKey.derive(paddingKey, Base64.getDecoder().decode(json.path("salt").asText()), random);
                    reused = true;
                    notePeak();
                    return;
                }
            } catch (IOException | IllegalArgumentException unreadable) {
                // Not ours, or cut short: start over below.
            }
        }
        clearExcept();
        start(options);
    }

    private void start(String options) throws IOException {
        byte[] salt = new byte[SpillKey.SALT_SIZE];
        random.nextBytes(salt);
        ObjectNode json = JSON.createObjectNode();
        json.put("format", FORMAT);
        json.put("options", options);
        json.put("salt", Base64.getEncoder().encodeToString(salt));
        Path tmp = dir.resolve(STATE + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(json));
        move(tmp, dir.resolve(STATE));
        key = SpillKey.derive(paddingKey, salt, random);
        reused = false;
    }

    /** Deletes every file but the lock. */
    private void clearExcept() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().equals(LOCK)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void createOwnerOnly(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
        if (!Files.isWritable(dir)) {
            throw new UncheckedIOException(new IOException("the work directory " + dir + " is not writable"));
        }
    }
}
