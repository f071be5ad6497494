package org.carerelay.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carerelay.catalogue.Urgency;

/**
 * An agency's rule for one urgency: how many minutes an item may wait unacknowledged after its arrival before each
 * stage is notified ({@code null}: that stage never is). Without a stored rule the defaults apply: urgent review
 * {@code carerelay.urgent.default-on-call-minutes} (30) and {@code default-lead-minutes} (60); other urgencies none.
 */
public record UrgencyRule(Urgency urgency, Integer onCallMinutes, Integer leadMinutes) {

    static final int MIN_MINUTES = 5;
    static final int MAX_MINUTES = 7 * 24 * 60;
    /** The urgencies an agency can set a rule for (information only never notifies). */
    public static final List<Urgency> RULED = List.of(Urgency.URGENT_REVIEW, Urgency.ROUTINE_FOLLOW_UP);
    static final String ON_CALL_LABEL = "Notify the on-call contacts after (minutes)";
    static final String LEAD_LABEL = "Notify the team lead contacts after (minutes)";

    public static UrgencyRule defaults(Urgency urgency, int onCallMinutes, int leadMinutes) {
        return urgency == Urgency.URGENT_REVIEW ? new UrgencyRule(urgency, onCallMinutes, leadMinutes) : new UrgencyRule(urgency, null, null);
    }

    public Integer minutes(Stage stage) {
        return stage == Stage.ON_CALL ? onCallMinutes : leadMinutes;
    }

    /** Items of this urgency that arrived at or before the returned time are due for the stage now; empty: the stage is off. */
    public Optional<Instant> cutoff(Stage stage, Instant now) {
        Integer minutes = minutes(stage);
        return minutes == null ? Optional.empty() : Optional.of(now.minus(Duration.ofMinutes(minutes)));
    }

    /** The stages an unacknowledged item that arrived at {@code arrivedAt} is due for at {@code now}, in order. */
    public List<Stage> dueStages(Instant arrivedAt, Instant now) {
        List<Stage> due = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            cutoff(stage, now).filter(c -> !arrivedAt.isAfter(c)).ifPresent(c -> due.add(stage));
        }
        return due;
    }

    public boolean off() {
        return onCallMinutes == null && leadMinutes == null;
    }

    /**
     * Reads the rule form (blank: that stage is off). Returns the rule, or empty with a message per field, keyed by
     * the field's name and naming it by its label.
     */
    public static Optional<UrgencyRule> parse(Urgency urgency, String onCall, String lead, Map<String, String> problems) {
        Map<String, String> found = new LinkedHashMap<>();
        Integer first = minutes(onCall, "onCallMinutes", ON_CALL_LABEL, found);
        Integer second = minutes(lead, "leadMinutes", LEAD_LABEL, found);
        if (found.isEmpty() && first != null && second != null && second <= first) {
            found.put("leadMinutes", LEAD_LABEL + ": must be more than the on-call contacts' " + first
                    + " minutes (the team leads hear of an item after the on-call contacts).");
        }
        problems.putAll(found);
        return found.isEmpty() ? Optional.of(new UrgencyRule(urgency, first, second)) : Optional.empty();
    }

    private static Integer minutes(String text, String field, String label, Map<String, String> problems) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            return null;
        }
        if (!value.matches("[0-9]{1,6}")) {
            problems.put(field, label + ": enter a whole number of minutes, or leave it empty to turn this stage off.");
            return null;
        }
        int minutes = Integer.parseInt(value);
        if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
            problems.put(field, label + ": enter between " + MIN_MINUTES + " and " + MAX_MINUTES + " minutes (one week).");
            return null;
        }
        return minutes;
    }
}
