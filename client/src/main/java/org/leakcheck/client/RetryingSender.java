package org.leakcheck.client;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one request of a batch run until it gets an answer worth returning, within
 * {@link BatchOptions#maxTries()} tries:
 *
 * <pre>
 *   429 quota or daily cap    -> QuotaExhaustedException at once (retrying today cannot help),
 *                                and for every later request of the run, without sending it
 *   429 throttling, per-address, unknown -> every request of the run waits Retry-After (seconds or
 *                                an HTTP date; else the backoff), then this one is tried again
 *   5xx, no answer (IOException) -> capped exponential backoff with jitter, tried again
 *   anything else (2xx, 304, 4xx) -> returned to the caller
 * </pre>
 *
 * The last try's failure is thrown: {@link RateLimitedException}, {@link ApiProblemException}
 * (5xx) or {@link NetworkException}.
 */
final class RetryingSender {

    private final HttpClient http;
    private final BatchOptions options;
    private final BatchStats stats;
    private final Clock clock;
    /** System.nanoTime() before which no request of the run is sent (a Retry-After applies to the caller, not to one request). */
    private final AtomicLong pausedUntil = new AtomicLong(System.nanoTime());
    /** Set by the first quota or daily-cap 429: no request of the run is sent after it. */
    private volatile QuotaExhaustedException exhausted;

    RetryingSender(HttpClient http, BatchOptions options, BatchStats stats, Clock clock) {
        this.http = http;
        this.options = options;
        this.stats = stats;
        this.clock = clock;
    }

    HttpResponse<String> send(HttpRequest request) {
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                stats.retries.incrementAndGet();
            }
            awaitPause();
            if (exhausted != null) {
                throw exhausted;
            }
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                stats.networkErrors.incrementAndGet();
                if (attempt >= options.maxTries()) {
                    throw new NetworkException("cannot reach the API after " + attempt + " tries: "
                            + e.getClass().getSimpleName(), e);
                }
                sleep(backoff(attempt));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeakcheckException("interrupted");
            }
            int status = response.statusCode();
            if (status == 429) {
                RateLimitKind kind = RateLimitKind.of(response.body());
                stats.rateLimited(kind);
                Optional<Duration> retryAfter = retryAfter(response, clock);
                if (kind.exhausted()) {
                    QuotaExhaustedException e = new QuotaExhaustedException(kind, retryAfter);
                    exhausted = e;
                    throw e;
                }
                if (attempt >= options.maxTries()) {
                    throw new RateLimitedException(retryAfter);
                }
                Duration wait = retryAfter.map(d -> d.compareTo(options.backoffCap()) > 0 ? options.backoffCap() : d)
                        .orElse(backoff(attempt));
                pause(wait);
                continue;
            }
            if (status >= 500) {
                stats.serverErrors.incrementAndGet();
                if (attempt >= options.maxTries()) {
                    throw LeakcheckClient.problem(response);
                }
                sleep(backoff(attempt));
                continue;
            }
            return response;
        }
    }

    /** Exponential from the base, capped, with "equal jitter": between half and all of it. */
    Duration backoff(int attempt) {
        long base = options.backoffBase().toMillis();
        long capped = Math.min(options.backoffCap().toMillis(), base << Math.min(attempt - 1, 30));
        long half = capped / 2;
        return Duration.ofMillis(half + (capped - half > 0 ? ThreadLocalRandom.current().nextLong(capped - half + 1) : 0));
    }

    /**
     * {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110 §10.2.3); empty when absent
     * or malformed. A date in the past is a zero delay.
     */
    static Optional<Duration> retryAfter(HttpResponse<?> response, Clock clock) {
        return response.headers().firstValue("Retry-After").flatMap(value -> parseRetryAfter(value, clock));
    }

    static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String v = value.trim();
        if (v.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration delay = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private void pause(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        pausedUntil.accumulateAndGet(until, (a, b) -> a - b > 0 ? a : b);
    }

    private void awaitPause() {
        long left;
        while ((left = pausedUntil.get() - System.nanoTime()) > 0) {
            sleep(Duration.ofNanos(left));
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(0, d.toMillis()), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeakcheckException("interrupted");
        }
    }
}
