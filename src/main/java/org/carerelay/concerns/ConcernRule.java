package org.carerelay.concerns;

import java.util.List;

/**
 * A concern rule as written in {@code concerns/rules.json} or submitted as a new version: which signals about one person,
 * from how many agencies, within how many days, make a multi-agency concern; how urgent it is and who receives it.
 * Pure data (JSON in the {@code concern_rule.definition} column); {@link RuleChecks} says what is wrong with one.
 */
public record ConcernRule(String code, String title, String meaning, String action, String status, Integer windowDays,
        Integer minSignals, Integer minAgencies, String urgency, Integer actionWindowHours, List<String> namedRecipients,
        List<Signal> signals) {

    public static final String LIVE = "live";
    public static final String SHADOW = "shadow";

    /**
     * One signal: an event of one of {@code eventTypes} (with the field condition, when there is one), and/or an expected
     * event that did not happen by its due time ({@code notHappened}).
     */
    public record Signal(String key, String label, List<String> eventTypes, Condition condition, NotHappened notHappened) {

        public List<String> types() {
            return eventTypes == null ? List.of() : eventTypes;
        }
    }

    /** The event's field must hold one of the values (e.g. lastKnownRiskLevel in [high]). */
    public record Condition(String field, List<String> anyOf) {
    }

    /** An event of {@code scheduledType} promises {@code expectedType} by the time in its field {@code dueField}. */
    public record NotHappened(String scheduledType, String dueField, String expectedType) {
    }

    public boolean shadow() {
        return SHADOW.equals(status);
    }

    public List<String> recipients() {
        return namedRecipients == null ? List.of() : namedRecipients;
    }

    /** The same rule with another status (the content stays as it is). */
    public ConcernRule withStatus(String newStatus) {
        return new ConcernRule(code, title, meaning, action, newStatus, windowDays, minSignals, minAgencies, urgency,
                actionWindowHours, namedRecipients, signals);
    }
}
