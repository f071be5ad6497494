package org.carerelay.concerns;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pure matching of concern rules: does an event count as one of a rule's signals, when is an expected event due,
 * and do a client's recorded signals meet the rule's threshold within its window. No database, so fast tests cover it.
 */
public final class RuleMatching {

    /** One recorded signal of a rule for a client: which signal, the agency it came from, when. */
    public record Hit(long id, String signalKey, long agencyId, Instant at) {
    }

    private RuleMatching() {
    }

    /** Whether an event of this type with these (validated) fields is this signal. */
    public static boolean matches(ConcernRule.Signal signal, String typeCode, Map<String, Object> data) {
        if (!signal.types().contains(typeCode)) {
            return false;
        }
        ConcernRule.Condition c = signal.condition();
        if (c == null) {
            return true;
        }
        Object value = data.get(c.field());
        return value != null && c.anyOf().contains(String.valueOf(value));
    }

    /**
     * When an event of this type promises the signal's expected event: the time in its due field (a date is due at the
     * end of that day in the network's time zone). Empty when the event is no such promise or carries no due time.
     */
    public static Optional<Instant> dueTime(ConcernRule.Signal signal, String typeCode, Map<String, Object> data, ZoneId zone) {
        ConcernRule.NotHappened n = signal.notHappened();
        if (n == null || !n.scheduledType().equals(typeCode) || data.get(n.dueField()) == null) {
            return Optional.empty();
        }
        String text = String.valueOf(data.get(n.dueField()));
        try {
            return Optional.of(text.length() == 10 ? LocalDate.parse(text).plusDays(1).atStartOfDay(zone).toInstant() : Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The signals that meet the rule's threshold together: the widest set of hits within one window (from the earliest
     * to the latest at most {@code windowDays} apart) that holds at least {@code minSignals} distinct signals from at
     * least {@code minAgencies} distinct agencies. Empty when no window does.
     */
    public static List<Hit> meetingThreshold(ConcernRule rule, List<Hit> hits) {
        List<Hit> sorted = new ArrayList<>(hits);
        sorted.sort(Comparator.comparing(Hit::at).thenComparing(Hit::id));
        Duration window = Duration.ofDays(rule.windowDays());
        List<Hit> best = List.of();
        for (int start = 0; start < sorted.size(); start++) {
            Instant end = sorted.get(start).at().plus(window);
            List<Hit> in = new ArrayList<>();
            for (int i = start; i < sorted.size() && !sorted.get(i).at().isAfter(end); i++) {
                in.add(sorted.get(i));
            }
            if (meets(rule, in) && in.size() > best.size()) {
                best = in;
            }
        }
        return best;
    }

    static boolean meets(ConcernRule rule, List<Hit> hits) {
        Set<String> signals = new HashSet<>();
        Set<Long> agencies = new HashSet<>();
        hits.forEach(h -> {
            signals.add(h.signalKey());
            agencies.add(h.agencyId());
        });
        return signals.size() >= rule.minSignals() && agencies.size() >= rule.minAgencies();
    }
}
