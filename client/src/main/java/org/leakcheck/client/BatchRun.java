package org.leakcheck.client;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.identity.FactorIdentity;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.lookup.LookupClient;
import org.leakcheck.protocol.lookup.LookupException;
import org.leakcheck.protocol.lookup.LookupResult;

/**
 * A batch check in progress ({@link LeakcheckClient#checkAll}): an iterator of one
 * {@link BatchResult} per person, in input order, that reads its input lazily on the caller's
 * thread and keeps at most {@link BatchOptions#concurrency()} requests in flight.
 *
 * <pre>
 *   /v2/info once                          batch.limit L (L = 256 for a registered caller's key)
 *   [ALL buckets of a dataset, once]       2^B_D reads, when BucketReads says so
 *   per L / Q persons:                     each person's kinds alone and bound to the factor (Q = 4
 *                                          elements, dummies for what is missing), the batch padded
 *                                          with dummies to L, shuffled
 *     POST /v2/evaluate                    L elements; the proof verified against the pinned key
 *     GET  /v2/buckets/D/L_D/b             the buckets of the batch not yet held (each once per run)
 *     search, open, combine                locally
 * </pre>
 *
 * Failures: {@link KeyMismatchException}, {@link QuotaExhaustedException} and any 4xx of an
 * evaluation (every later batch would meet it too) end the run: {@link #next} throws them once the
 * verdicts before the failing batch are delivered, and the run can be resumed later from the
 * persons that got none. A batch whose request failed after every retry (5xx, network) or whose
 * answer broke the protocol gives each of its persons an explicit error result, and the run goes on.
 * No person is lost or delivered twice: each batch is delivered whole, exactly once, in order.
 *
 * <p>Not thread-safe: one consumer calls {@link #hasNext}/{@link #next}. {@link #close} stops the workers.
 */
public final class BatchRun implements Iterator<BatchResult>, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age=([0-9]{1,10})(?:$|[,\\s])");

    private final LeakcheckClient client;
    private final BatchOptions options;
    private final Iterator<BatchPerson> input;
    private final BatchStats stats = new BatchStats();
    private final RetryingSender sender;
    private final BucketCache cache;
    private final Clock clock;
    private final ExecutorService workers;
    private final Deque<Future<List<BatchResult>>> pending = new ArrayDeque<>();
    private final int personsPerBatch;
    private final int elementsPerBatch;
    private volatile ServiceInfo service;
    private Iterator<BatchResult> current = Collections.emptyIterator();
    private long nextIndex;
    private boolean prefetched;
    private boolean closed;

    BatchRun(LeakcheckClient client, Iterator<BatchPerson> input, BatchOptions options, Clock clock) {
        this.client = client;
        this.options = options;
        this.input = input;
        this.sender = new RetryingSender(client.http(), options, stats, clock);
        this.cache = new BucketCache(options.bucketCacheDir(), clock, stats.cacheHits);
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(options.concurrency(), task -> {
            Thread thread = new Thread(task, "leakcheck-batch-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            this.service = readInfo();
        } catch (RuntimeException e) {
            workers.shutdownNow();
            throw e;
        }
        // /v2/info is the same for everyone (a CDN caches it): batch.limit is a registered caller's,
        // and a caller without an API key may send batch.page only.
        this.elementsPerBatch = client.hasApiKey() ? service.batchLimit() : service.batchPage();
        this.personsPerBatch = Math.max(1, elementsPerBatch / service.batchPage());
    }

    /** The service as {@code /v2/info} described it when the run started (or last re-read it, §7.5). */
    public ServiceInfo service() {
        return service;
    }

    /** Persons per evaluation: {@code batch.limit / batch.page} with an API key, else 1. */
    public int personsPerBatch() {
        return personsPerBatch;
    }

    /** The counters so far. */
    public BatchStats.Snapshot stats() {
        return stats.snapshot();
    }

    @Override
    public boolean hasNext() {
        if (current.hasNext()) {
            return true;
        }
        fill();
        return !pending.isEmpty();
    }

    /**
     * The next person's result.
     *
     * @throws KeyMismatchException     when an evaluation is not under the pinned key (the run is over)
     * @throws QuotaExhaustedException  when the API key's quota or the daily cap is used up (the run is over)
     * @throws ApiProblemException      when the API refuses an evaluation (4xx: the run is over)
     */
    @Override
    public BatchResult next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (!current.hasNext()) {
            Future<List<BatchResult>> head = pending.poll();
            try {
                current = head.get().iterator();
            } catch (ExecutionException e) {
                close();
                throw e.getCause() instanceof RuntimeException r ? r : new LeakcheckException("batch failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new LeakcheckException("interrupted");
            } catch (CancellationException e) {
                throw new LeakcheckException("the run was closed");
            }
            fill();
        }
        return current.next();
    }

    /** Stops the workers; results not yet delivered are dropped (a resumed run checks those persons again). */
    @Override
    public void close() {
        closed = true;
        pending.forEach(f -> f.cancel(true));
        workers.shutdownNow();
    }

    /** Submits batches until 2 × concurrency are pending, so that the workers never wait for the consumer. */
    private void fill() {
        if (closed) {
            return;
        }
        while (pending.size() < 2 * options.concurrency() && input.hasNext()) {
            if (!prefetched) {
                prefetched = true;
                prefetchAll();
            }
            List<BatchPerson> persons = new ArrayList<>(personsPerBatch);
            while (persons.size() < personsPerBatch && input.hasNext()) {
                persons.add(input.next());
            }
            long first = nextIndex;
            nextIndex += persons.size();
            pending.add(workers.submit(() -> check(first, persons)));
        }
    }

    /** Reads every bucket of each dataset that {@link BatchOptions.BucketReads} says to read in full. */
    private void prefetchAll() {
        List<Future<?>> reads = new ArrayList<>();
        for (DatasetInfo dataset : service.datasets()) {
            if (readsAll(dataset)) {
                for (int b = 0; b < dataset.datasetLoad().bucketCount(); b++) {
                    int bucket = b;
                    reads.add(workers.submit(() -> cache.get(dataset, bucket, this::fetchBucket)));
                }
            }
        }
        for (Future<?> read : reads) {
            try {
                read.get();
            } catch (ExecutionException e) {
                // A bucket that could not be read is read again by the batch that needs it.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeakcheckException("interrupted");
            }
        }
    }

    /** True when this run reads every bucket of {@code dataset} once, before any batch ({@link BatchOptions.BucketReads}). */
    public boolean readsAll(DatasetInfo dataset) {
        return switch (options.bucketReads()) {
            case ALL -> true;
            case NEEDED -> false;
            case AUTO -> options.expectedPersons() >= 0
                    && options.expectedPersons() * service.batchPage() >= dataset.datasetLoad().bucketCount();
        };
    }

    private List<BatchResult> check(long first, List<BatchPerson> persons) {
        ServiceInfo seen = service;
        try {
            try {
                return attempt(seen, first, persons);
            } catch (LoadReplaced replaced) {
                // §7.5: a dataset was reloaded or ended after /v2/info was read: once more, afresh.
                refreshInfo(seen);
            }
            try {
                return attempt(service, first, persons);
            } catch (LoadReplaced again) {
                throw new ResponseException("a dataset was replaced twice during one batch; try again later");
            }
        } catch (KeyMismatchException | QuotaExhaustedException fatal) {
            throw fatal;
        } catch (ApiProblemException e) {
            if (e.status() >= 400 && e.status() < 500) {
                throw e;
            }
            return errors(first, persons, e);
        } catch (LeakcheckException e) {
            return errors(first, persons, e);
        }
    }

    private static List<BatchResult> errors(long first, List<BatchPerson> persons, LeakcheckException e) {
        List<BatchResult> results = new ArrayList<>(persons.size());
        for (int p = 0; p < persons.size(); p++) {
            results.add(new BatchResult(first + p, List.of(), Optional.of(e)));
        }
        return results;
    }

    private List<BatchResult> attempt(ServiceInfo s, long first, List<BatchPerson> persons) {
        // §7.1, per person: each kind alone and, when a served dataset uses one, bound to the
        // factor; what the person lacks is left to the dummies that pad the batch to L.
        boolean bind = s.usesFactor();
        List<Identity> elements = new ArrayList<>(elementsPerBatch);
        int[][] plainSlots = new int[persons.size()][];
        int[][] boundSlots = new int[persons.size()][];
        for (int p = 0; p < persons.size(); p++) {
            BatchPerson person = persons.get(p);
            List<Identity> ids = person.identities();
            plainSlots[p] = new int[ids.size()];
            boundSlots[p] = new int[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                plainSlots[p][i] = elements.size();
                elements.add(ids.get(i));
                boundSlots[p][i] = -1;
                if (bind && person.factor().isPresent()) {
                    boundSlots[p][i] = elements.size();
                    elements.add(FactorIdentity.bind(ids.get(i), person.factor().get()));
                }
            }
        }
        LookupClient lookup = client.lookupClient();
        LookupClient.Submission submission = lookup.prepare(elements, elementsPerBatch);
        JsonNode evaluation = evaluate(submission);
        LookupClient.Evaluated evaluated = client.verify(lookup, submission, evaluation, elementsPerBatch);

        List<LookupClient.DatasetItems> items = new ArrayList<>();
        for (DatasetInfo dataset : s.datasets()) {
            int[] buckets = evaluated.buckets(dataset.datasetLoad());
            List<byte[]> slotItems = new ArrayList<>(buckets.length);
            for (int bucket : buckets) {
                slotItems.add(cache.get(dataset, bucket, this::fetchBucket));
            }
            items.add(new LookupClient.DatasetItems(dataset.datasetLoad(), dataset.paddedSize(), slotItems));
        }
        List<LookupResult> results;
        try {
            results = evaluated.results(items);
        } catch (LookupException e) {
            throw LeakcheckClient.fromLookup(e);
        }
        List<BatchResult> out = new ArrayList<>(persons.size());
        for (int p = 0; p < persons.size(); p++) {
            BatchPerson person = persons.get(p);
            List<CheckResult> verdicts = new ArrayList<>();
            for (int i = 0; i < person.identities().size(); i++) {
                LookupResult plain = results.get(plainSlots[p][i]);
                // As in check(): a factor given makes a membership-only match "factor wrong",
                // also when it was not sent because no served dataset uses one.
                LookupResult bound = boundSlots[p][i] >= 0 ? results.get(boundSlots[p][i])
                        : person.factor().isPresent() ? new LookupResult(List.of()) : null;
                verdicts.add(LeakcheckClient.verdict(s, person.identities().get(i).kind(), plain, bound,
                        person.factor().isPresent()));
            }
            out.add(new BatchResult(first + p, verdicts, Optional.empty()));
        }
        return out;
    }

    private JsonNode evaluate(LookupClient.Submission submission) {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode array = request.putArray("blindedElements");
        submission.blindedElements().forEach(e -> array.add(Base64Url.encode(e)));
        HttpResponse<String> response = sender.send(client.post("/v2/evaluate", request.toString()));
        if (response.statusCode() != 200) {
            throw LeakcheckClient.problem(response);
        }
        stats.evaluations.incrementAndGet();
        stats.elements.addAndGet(submission.size());
        return parse(response.body());
    }

    private BucketCache.Fetched fetchBucket(DatasetInfo dataset, int bucket, Optional<String> etag) {
        HttpRequest.Builder request = client.bucketRequest("/v2/buckets/" + dataset.id() + "/" + dataset.load() + "/" + bucket);
        etag.ifPresent(tag -> request.header("If-None-Match", tag));
        HttpResponse<String> response = sender.send(request.GET().build());
        int status = response.statusCode();
        if (status == 304 && etag.isPresent()) {
            stats.bucketReads.incrementAndGet();
            stats.notModified.incrementAndGet();
            return new BucketCache.Fetched(null, etag, freshUntil(response));
        }
        if (status == 404 && "load.unknown".equals(LeakcheckClient.problem(response).rule())) {
            throw new LoadReplaced();
        }
        if (status != 200) {
            throw LeakcheckClient.problem(response);
        }
        stats.bucketReads.incrementAndGet();
        byte[] entries = LeakcheckClient.parseBucket(parse(response.body()), dataset, bucket);
        return new BucketCache.Fetched(entries, response.headers().firstValue("ETag"), freshUntil(response));
    }

    /** Now plus the answer's {@code Cache-Control: max-age}, in epoch seconds; now when it has none. */
    private long freshUntil(HttpResponse<String> response) {
        long now = clock.instant().getEpochSecond();
        String control = response.headers().firstValue("Cache-Control").orElse("");
        Matcher age = MAX_AGE.matcher(control);
        return age.find() ? now + Long.parseLong(age.group(1)) : now;
    }

    private ServiceInfo readInfo() {
        HttpResponse<String> response = sender.send(client.request("/v2/info").GET().build());
        if (response.statusCode() != 200) {
            throw LeakcheckClient.problem(response);
        }
        stats.infoReads.incrementAndGet();
        return LeakcheckClient.parseInfo(parse(response.body()), client.pinnedKey());
    }

    private synchronized void refreshInfo(ServiceInfo seen) {
        if (service == seen) {
            service = readInfo();
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ResponseException("the API's answer is not JSON");
        }
    }

    /** A bucket read said the load was replaced after /v2/info was read (§7.5). */
    private static final class LoadReplaced extends LeakcheckException {
        private static final long serialVersionUID = 1L;

        LoadReplaced() {
            super("load replaced");
        }
    }
}
