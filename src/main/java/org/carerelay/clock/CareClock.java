package org.carerelay.clock;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock of CareRelay. Everything that compares with "now" (due times, overdue,
 * escalation, "occurred in the future") asks this clock, so that tests can move time forward.
 * Moving it is only possible where the test-support endpoint is enabled (test profile).
 * It is the bean of type {@link Clock}: inject {@code Clock}.
 */
@Singleton
public class CareClock extends Clock {

    private final Clock system = Clock.systemUTC();
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant instant() {
        return system.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(system, offset.get()).withZone(zone);
    }

    /** Moves this instance's "now" forward (tests only). */
    public void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }

    /**
     * Runs work as if "now" were the given instant (demo history loading at start, before any
     * request is served), then returns to the current offset.
     */
    public synchronized void runAt(Instant at, Runnable work) {
        Duration saved = offset.get();
        offset.set(Duration.between(system.instant(), at));
        try {
            work.run();
        } finally {
            offset.set(saved);
        }
    }

    public void reset() {
        offset.set(Duration.ZERO);
    }

    public Duration offset() {
        return offset.get();
    }
}
