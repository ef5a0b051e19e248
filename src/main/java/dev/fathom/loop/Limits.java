package dev.fathom.loop;

import java.time.Duration;

/** Bounds on a run; null means unbounded. */
public record Limits(Integer maxTurns, Double maxCostUsd, Duration timeout) {
    public static final Limits NONE = new Limits(null, null, null);
}
