package org.carerelay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The retry schedule: about three days, jitter within bounds, Retry-After honoured and capped, then exhausted. */
class RetryScheduleTest {

    static final String DEFAULT = "5s,5m,30m,2h,5h,10h,14h,20h,24h";
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void theDefaultScheduleSpansAboutThreeDaysInTenAttempts() {
        RetrySchedule s = RetrySchedule.parse(DEFAULT);
        assertEquals(10, s.maxAttempts());
        Duration total = s.total();
        assertTrue(total.compareTo(Duration.ofHours(70)) > 0 && total.compareTo(Duration.ofHours(80)) < 0, total.toString());
    }

    @Test
    void eachRetryWaitsItsDelayWithinTheJitterThenTheScheduleIsExhausted() {
        RetrySchedule s = RetrySchedule.parse(DEFAULT);
        SplittableRandom random = new SplittableRandom(42);
        for (int attempt = 1; attempt <= 9; attempt++) {
            Duration base = s.delays().get(attempt - 1);
            for (int i = 0; i < 200; i++) {
                Duration wait = Duration.between(NOW, s.next(attempt, NOW, null, random));
                assertTrue(wait.toMillis() >= base.toMillis() * 0.9 - 1 && wait.toMillis() <= base.toMillis() * 1.1 + 1,
                        "attempt " + attempt + ": " + wait);
            }
        }
        assertNull(s.next(10, NOW, null, random), "after the tenth attempt: dead letter");
        assertNull(s.next(0, NOW, null, random));
    }

    @Test
    void jitterSpreadsMessagesThatFailedTogether() {
        RetrySchedule s = RetrySchedule.parse(DEFAULT);
        SplittableRandom random = new SplittableRandom(7);
        long distinct = java.util.stream.IntStream.range(0, 50).mapToObj(i -> s.next(3, NOW, null, random)).distinct().count();
        assertTrue(distinct > 40, "spread: " + distinct);
    }

    @Test
    void retryAfterLengthensTheWaitButNeverShortensItAndIsCapped() {
        RetrySchedule s = RetrySchedule.parse(DEFAULT);
        SplittableRandom random = new SplittableRandom(1);
        assertEquals(NOW.plusSeconds(120), s.next(1, NOW, Duration.ofSeconds(120), random), "5 s → the receiver's 120 s");
        Instant shorter = s.next(2, NOW, Duration.ofSeconds(1), random);
        assertTrue(Duration.between(NOW, shorter).compareTo(Duration.ofMinutes(4)) > 0, "never sooner than the schedule");
        assertEquals(NOW.plus(Duration.ofHours(24)), s.next(1, NOW, Duration.ofDays(30), random), "capped at the longest delay");
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertEquals(Duration.ofSeconds(30), RetrySchedule.retryAfter("30", NOW));
        assertEquals(Duration.ofMinutes(1), RetrySchedule.retryAfter("Tue, 24 Nov 2026 10:01:00 GMT", NOW));
        assertEquals(Duration.ZERO, RetrySchedule.retryAfter("Tue, 24 Nov 2026 09:00:00 GMT", NOW));
        assertNull(RetrySchedule.retryAfter("soon", NOW));
        assertNull(RetrySchedule.retryAfter(null, NOW));
    }

    @Test
    void aMalformedScheduleIsRefusedNamingTheEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse("5s,soon,1h"));
        assertTrue(e.getMessage().contains("'soon'"), e.getMessage());
        assertEquals(Duration.ofDays(1), RetrySchedule.parse("1d").delays().get(0));
    }
}
