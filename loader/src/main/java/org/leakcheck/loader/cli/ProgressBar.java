package org.leakcheck.loader.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.leakcheck.store.Progress;

/**
 * A progress bar on stderr: phase, bar, count, rate and ETA. On a terminal it redraws one line
 * (at most ten times a second); in a pipe or a log it prints a plain line every ten seconds and at
 * the end of each phase, so CI logs stay readable. Used by the loader's phases and by the batch
 * check of the {@code leakcheck} command.
 */
public final class ProgressBar implements Progress {
    private static final int WIDTH = 28;
    private final PrintWriter out;
    private final boolean interactive;
    private final long minIntervalNanos;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile String phase = "";
    private volatile String unit = "";
    private volatile long startNanos;
    private volatile long lastDrawNanos;

    /** @param interactive true on a terminal: one line redrawn; false in a pipe or a log: a line every ten seconds */
    public ProgressBar(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
        this.minIntervalNanos = interactive ? 100_000_000L : 10_000_000_000L;
    }

    @Override
    public synchronized void start(String phase, String unit, long total) {
        this.phase = phase;
        this.unit = unit;
        this.total = total;
        this.done.set(0);
        this.startNanos = System.nanoTime();
        this.lastDrawNanos = startNanos;
    }

    @Override
    public void advance(long n) {
        done.addAndGet(n);
        long now = System.nanoTime();
        if (now - lastDrawNanos >= minIntervalNanos) {
            draw(now, false);
        }
    }

    @Override
    public void total(long total) {
        this.total = total;
    }

    @Override
    public void finish() {
        total = done.get();
        draw(System.nanoTime(), true);
    }

    private synchronized void draw(long now, boolean last) {
        if (!last && now - lastDrawNanos < minIntervalNanos) {
            return;
        }
        lastDrawNanos = now;
        String line = render(phase, unit, done.get(), total, (now - startNanos) / 1e9);
        if (interactive) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** One line of the bar, e.g. {@code compute  [##########..........]  50%  550,000/1,100,000 entries  7,100/s  ETA 1m17s}. */
    static String render(String phase, String unit, long done, long total, double elapsedSeconds) {
        double rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
        StringBuilder s = new StringBuilder(String.format("%-9s", phase));
        if (total > 0) {
            double fraction = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(fraction * WIDTH);
            s.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append(']');
            s.append(String.format(" %3d%%  %,d/%,d %s", Math.round(fraction * 100), done, total, unit));
        } else {
            s.append(String.format("%,d %s", done, unit));
        }
        s.append(String.format("  %,.0f/s", rate));
        if (total > 0 && rate > 0 && done < total) {
            s.append("  ETA ").append(duration((total - done) / rate));
        } else {
            s.append("  ").append(duration(elapsedSeconds));
        }
        return s.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
