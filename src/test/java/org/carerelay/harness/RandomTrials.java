package org.carerelay.harness;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Property-style trials without a library: a check run on many generated inputs from a seeded {@link Random}.
 * Every trial has its own seed, printed when it fails, so a failure replays exactly with
 * {@code -Dcarerelay.trials.seed=<seed>} (one trial, that seed). The base seed changes per run unless
 * {@code carerelay.trials.base} is set, so repeated runs keep exploring new inputs.
 */
public final class RandomTrials {

    private RandomTrials() {
    }

    public static void run(int trials, Consumer<Random> check) {
        String replay = System.getProperty("carerelay.trials.seed");
        if (replay != null) {
            runOne(Long.parseLong(replay), check);
            return;
        }
        long base = Long.getLong("carerelay.trials.base", System.nanoTime());
        for (int i = 0; i < trials; i++) {
            runOne(base + i, check);
        }
    }

    private static void runOne(long seed, Consumer<Random> check) {
        try {
            check.accept(new Random(seed));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("trial failed; replay with -Dcarerelay.trials.seed=" + seed + ": " + e.getMessage(), e);
        }
    }
}
