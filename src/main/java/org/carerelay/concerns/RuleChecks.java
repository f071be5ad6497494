package org.carerelay.concerns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.catalogue.FieldType;
import org.carerelay.catalogue.Urgency;
import org.carerelay.web.ProblemException.FieldError;

/**
 * What is wrong with a concern rule definition, each problem naming its field (e.g. {@code signals[1].condition.field}).
 * Pure: the catalogue and the agency register are passed in, so fast tests check it without a database.
 */
public final class RuleChecks {

    public static final String CONCERN_TYPE = "MULTI_AGENCY_CONCERN";
    static final int MAX_WINDOW_DAYS = 90;
    static final int MAX_SIGNALS = 12;

    private RuleChecks() {
    }

    public static List<FieldError> problems(ConcernRule r, Function<String, Optional<EventType>> types, Predicate<String> agencyKnown) {
        List<FieldError> errors = new ArrayList<>();
        if (r == null) {
            errors.add(new FieldError("body", "Send the rule as a JSON object."));
            return errors;
        }
        if (r.code() == null || !r.code().matches("[A-Z][A-Z0-9_]{2,63}")) {
            errors.add(new FieldError("code", "Code: 3 to 64 capital letters, digits or underscores, starting with a letter."));
        }
        text(errors, "title", "Title", r.title(), 200);
        text(errors, "meaning", "Meaning", r.meaning(), 2000);
        text(errors, "action", "What to do", r.action(), 2000);
        if (!ConcernRule.LIVE.equals(r.status()) && !ConcernRule.SHADOW.equals(r.status())) {
            errors.add(new FieldError("status", "Status: live or shadow."));
        }
        range(errors, "windowDays", "Window (days)", r.windowDays(), 1, MAX_WINDOW_DAYS);
        range(errors, "actionWindowHours", "Action window (hours)", r.actionWindowHours(), 1, 24 * 14);
        if (r.urgency() == null || Urgency.of(r.urgency()).isEmpty()) {
            errors.add(new FieldError("urgency", "Urgency: urgent_review, routine_follow_up or information_only."));
        }
        List<ConcernRule.Signal> signals = r.signals() == null ? List.of() : r.signals();
        if (signals.isEmpty() || signals.size() > MAX_SIGNALS) {
            errors.add(new FieldError("signals", "Signals: from 1 to " + MAX_SIGNALS + " signals."));
        }
        range(errors, "minSignals", "Minimum distinct signals", r.minSignals(), 1, Math.max(1, signals.size()));
        range(errors, "minAgencies", "Minimum distinct agencies", r.minAgencies(), 1, 20);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < signals.size(); i++) {
            signal(errors, "signals[" + i + "]", signals.get(i), keys, types);
        }
        List<String> named = r.recipients();
        for (int i = 0; i < named.size(); i++) {
            if (named.get(i) == null || !agencyKnown.test(named.get(i))) {
                errors.add(new FieldError("namedRecipients[" + i + "]", "Named recipient: \"" + named.get(i) + "\" is no agency of the network."));
            }
        }
        return errors;
    }

    private static void signal(List<FieldError> errors, String at, ConcernRule.Signal s, Set<String> keys,
            Function<String, Optional<EventType>> types) {
        if (s == null) {
            errors.add(new FieldError(at, "Each signal is an object with a key, a label and event types or an expected event."));
            return;
        }
        if (s.key() == null || !s.key().matches("[a-z][a-z0-9_-]{0,63}")) {
            errors.add(new FieldError(at + ".key", "Signal key: lower-case letters, digits, - or _, starting with a letter."));
        } else if (!keys.add(s.key())) {
            errors.add(new FieldError(at + ".key", "Signal key \"" + s.key() + "\" is used twice."));
        }
        text(errors, at + ".label", "Signal label", s.label(), 200);
        if (s.types().isEmpty() && s.notHappened() == null) {
            errors.add(new FieldError(at + ".eventTypes", "A signal needs event types, an expected event that did not happen, or both."));
        }
        for (int j = 0; j < s.types().size(); j++) {
            known(errors, at + ".eventTypes[" + j + "]", s.types().get(j), types);
        }
        if (s.condition() != null) {
            ConcernRule.Condition c = s.condition();
            if (s.types().isEmpty()) {
                errors.add(new FieldError(at + ".condition", "A field condition needs event types to apply to."));
            }
            if (c.anyOf() == null || c.anyOf().isEmpty()) {
                errors.add(new FieldError(at + ".condition.anyOf", "Field condition: list the values that count."));
            }
            for (String code : s.types()) {
                Optional<FieldDefinition> field = types.apply(code).flatMap(t -> field(t, c.field()));
                if (types.apply(code).isPresent() && field.isEmpty()) {
                    errors.add(new FieldError(at + ".condition.field", "Field condition: " + code + " has no field \"" + c.field() + "\"."));
                } else if (field.isPresent() && field.get().values() != null && c.anyOf() != null
                        && !field.get().values().containsAll(c.anyOf())) {
                    errors.add(new FieldError(at + ".condition.anyOf", "Field condition: " + code + "." + c.field()
                            + " takes only " + String.join(", ", field.get().values()) + "."));
                }
            }
        }
        if (s.notHappened() != null) {
            ConcernRule.NotHappened n = s.notHappened();
            Optional<EventType> scheduled = known(errors, at + ".notHappened.scheduledType", n.scheduledType(), types);
            known(errors, at + ".notHappened.expectedType", n.expectedType(), types);
            scheduled.ifPresent(t -> {
                Optional<FieldDefinition> due = field(t, n.dueField());
                if (due.isEmpty() || (due.get().fieldType() != FieldType.DATETIME && due.get().fieldType() != FieldType.DATE)) {
                    errors.add(new FieldError(at + ".notHappened.dueField", "Due field: " + t.code + " has no date or date-time field \""
                            + n.dueField() + "\"."));
                }
            });
        }
    }

    private static Optional<EventType> known(List<FieldError> errors, String at, String code, Function<String, Optional<EventType>> types) {
        Optional<EventType> type = code == null ? Optional.empty() : types.apply(code);
        if (type.isEmpty()) {
            errors.add(new FieldError(at, "Event type \"" + code + "\" is not in the catalogue."));
        } else if (CONCERN_TYPE.equals(code)) {
            errors.add(new FieldError(at, "A concern cannot be a signal of a concern."));
            return Optional.empty();
        }
        return type;
    }

    private static Optional<FieldDefinition> field(EventType t, String name) {
        return t.fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    private static void text(List<FieldError> errors, String field, String label, String value, int max) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, label + ": required."));
        } else if (value.length() > max) {
            errors.add(new FieldError(field, label + ": at most " + max + " characters."));
        }
    }

    private static void range(List<FieldError> errors, String field, String label, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            errors.add(new FieldError(field, label + ": a whole number from " + min + " to " + max + "."));
        }
    }
}
