package org.carerelay.push;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a failed message is tried again ({@code carerelay.webhook.retry-schedule}): the n-th retry waits the n-th
 * delay of the schedule, spread by jitter (±{@value #JITTER_PERCENT} %) so that many messages that failed together
 * do not return together. A receiver's {@code Retry-After} (seconds or an HTTP date) lengthens the wait, never
 * shortens it, and is capped at the schedule's longest delay. After the last delay's attempt the message is dead.
 */
public final class RetrySchedule {

    static final int JITTER_PERCENT = 10;
    private static final Pattern ENTRY = Pattern.compile("(\\d{1,6})(ms|s|m|h|d)");

    private final List<Duration> delays;

    private RetrySchedule(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    /** Parses {@code "5s,5m,30m,2h"}; refuses an empty or malformed schedule (the start stops, naming it). */
    public static RetrySchedule parse(String text) {
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher m = ENTRY.matcher(part.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("carerelay.webhook.retry-schedule: '" + part.trim()
                        + "' is not a delay like 5s, 5m, 2h or 1d (the schedule is a comma-separated list)");
            }
            long n = Long.parseLong(m.group(1));
            delays.add(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return new RetrySchedule(delays);
    }

    public List<Duration> delays() {
        return delays;
    }

    /** Attempts in all: the first one and one per delay. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /** The whole schedule without jitter. */
    public Duration total() {
        return delays.stream().reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * When to try again after {@code attemptsSoFar} failed attempts, or null when the schedule is exhausted.
     * {@code retryAfter} is the receiver's wish (null when it said none).
     */
    public Instant next(int attemptsSoFar, Instant now, Duration retryAfter, RandomGenerator random) {
        if (attemptsSoFar < 1 || attemptsSoFar > delays.size()) {
            return null;
        }
        Duration base = delays.get(attemptsSoFar - 1);
        double factor = 1 + (random.nextDouble() * 2 - 1) * JITTER_PERCENT / 100.0;
        Duration wait = Duration.ofMillis(Math.max(1, Math.round(base.toMillis() * factor)));
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            Duration longest = delays.stream().max(Duration::compareTo).orElse(wait);
            wait = retryAfter.compareTo(longest) > 0 ? longest : retryAfter;
        }
        return now.plus(wait);
    }

    /** A {@code Retry-After} header: delay-seconds or an HTTP date (relative to {@code now}); null when absent or unreadable. */
    public static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
