package org.leakcheck.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.leakcheck.protocol.lookup.Entry;

/**
 * The bucket answers of a batch run, per dataset load and bucket: each is read at most once per
 * run (an item of a load never changes, docs/protocol.md §7.3), concurrent readers of one bucket
 * wait for the same request. With a directory, answers are also kept on disk with their ETag and
 * the end of their {@code max-age}: a later run (a resumed one) uses them without a request while
 * they are fresh, and asks again with {@code If-None-Match} after (a 304 carries no body).
 *
 * <p>Memory: 2^B_D × P × 32 bytes per dataset read in full, about 40 MB for the 2021 leak.
 */
final class BucketCache {

    /** Reads one bucket: its entries and ETag, or null entries on 304 (only when {@code etag} was sent). */
    @FunctionalInterface
    interface Fetcher {
        Fetched fetch(DatasetInfo dataset, int bucket, Optional<String> etag);
    }

    /**
     * A bucket answer: entries null when the server said 304.
     *
     * @param freshUntil until when the answer may be used without asking (its Cache-Control max-age), epoch seconds
     */
    record Fetched(byte[] entries, Optional<String> etag, long freshUntil) {
    }

    private final ConcurrentHashMap<String, CompletableFuture<byte[]>> memory = new ConcurrentHashMap<>();
    private final Optional<Path> dir;
    private final Clock clock;
    private final AtomicLong diskHits;

    BucketCache(Optional<Path> dir, Clock clock, AtomicLong diskHits) {
        this.dir = dir;
        this.clock = clock;
        this.diskHits = diskHits;
    }

    /** The entries of {@code bucket} of {@code dataset}'s load, read through {@code fetcher} when not held yet. */
    byte[] get(DatasetInfo dataset, int bucket, Fetcher fetcher) {
        String key = dataset.id() + "/" + dataset.load() + "/" + bucket;
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> held = memory.putIfAbsent(key, mine);
        if (held != null) {
            try {
                return held.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            byte[] entries = load(dataset, bucket, fetcher);
            mine.complete(entries);
            return entries;
        } catch (RuntimeException e) {
            // Not cached: a later batch tries again; those waiting now get the same failure.
            memory.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private byte[] load(DatasetInfo dataset, int bucket, Fetcher fetcher) {
        Optional<Path> file = dir.map(d -> d.resolve(dataset.id()).resolve(dataset.load()).resolve(bucket + ".bin"));
        Optional<Path> tag = file.map(f -> f.resolveSibling(bucket + ".etag"));
        Optional<String> etag = Optional.empty();
        long freshUntil = 0;
        byte[] stored = null;
        if (file.isPresent() && Files.isRegularFile(file.get()) && Files.isRegularFile(tag.get())) {
            try {
                stored = Files.readAllBytes(file.get());
                String[] meta = Files.readString(tag.get(), StandardCharsets.US_ASCII).strip().split("\n");
                etag = Optional.of(meta[0].strip());
                freshUntil = meta.length > 1 ? Long.parseLong(meta[1].strip()) : 0;
            } catch (IOException | NumberFormatException e) {
                stored = null;
                etag = Optional.empty();
            }
            if (stored != null && stored.length != dataset.paddedSize() * Entry.SIZE) {
                stored = null;
                etag = Optional.empty();
            }
        }
        // The URL names an immutable answer (§7.3): while its max-age runs, the copy is used
        // without asking; after it, asked again with If-None-Match (a 304 has no body).
        if (stored != null && clock.instant().getEpochSecond() < freshUntil) {
            diskHits.incrementAndGet();
            return stored;
        }
        Fetched fetched = fetcher.fetch(dataset, bucket, stored != null ? etag : Optional.empty());
        if (fetched.entries() == null) {
            if (stored == null) {
                throw new ResponseException("a bucket answer is 304 to a request that was not conditional");
            }
            store(file.get(), tag.get(), stored, etag.get(), fetched.freshUntil());
            return stored;
        }
        if (file.isPresent() && fetched.etag().isPresent()) {
            store(file.get(), tag.get(), fetched.entries(), fetched.etag().get(), fetched.freshUntil());
        }
        return fetched.entries();
    }

    /** Best effort: a cache that cannot be written only costs a read next time. */
    private static void store(Path file, Path tag, byte[] entries, String etag, long freshUntil) {
        try {
            Files.createDirectories(file.getParent());
            write(file, entries);
            write(tag, (etag + "\n" + freshUntil + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // ignored: see above
        }
    }

    private static void write(Path target, byte[] content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".part-", ".tmp");
        Files.write(temp, content);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
