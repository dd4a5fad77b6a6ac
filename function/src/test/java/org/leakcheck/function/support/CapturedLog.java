package org.leakcheck.function.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Collects the handlers' log lines. */
public final class CapturedLog implements Consumer<String> {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void accept(String line) {
        lines.add(line);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String last() {
        return lines.get(lines.size() - 1);
    }

    public void clear() {
        lines.clear();
    }
}
