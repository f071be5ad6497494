package org.carerelay.harness;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition the test cannot make happen itself (a background job's work), with a generous deadline; never a fixed sleep. */
public final class Eventually {

    private Eventually() {
    }

    /** Polls until the condition holds; fails naming what did not happen within the deadline. */
    public static void until(String what, Duration deadline, Callable<Boolean> condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                throw new IllegalStateException("while waiting until " + what + ": " + e.getMessage(), e);
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
