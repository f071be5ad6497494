package org.carerelay.handover;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.carerelay.events.EventValidator;
import org.carerelay.web.ProblemException.FieldError;

/**
 * What a handover must contain and what each part may hold. Bad values are errors (nothing is
 * stored); missing required parts make the handover incomplete: it still flows, flagged, and a
 * query listing what is missing goes back to the source.
 */
public final class HandoverRules {

    public static final Set<String> RECOMMENDATIONS = Set.of("home_independent", "home_with_support", "supported_accommodation", "residential_care");
    public static final Set<String> URGENCIES = Set.of("urgent_review", "routine_follow_up", "information_only");
    public static final Set<String> SEVERITIES = Set.of("low", "medium", "high");
    static final int MAX_TEXT = 10_000;
    static final int MAX_ITEMS = 50;

    private HandoverRules() {
    }

    /**
     * Errors in the values given (never about what is missing). An action item's responsible agency
     * must be on the network and, unless {@code responsibleAgencies} is null, among them: the agencies
     * that receive the source's handovers, and the source itself. {@code today} bounds the birth date (from the one clock).
     */
    public static List<FieldError> errors(HandoverDocument d, Predicate<String> knownAgency, Set<String> responsibleAgencies,
            LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        HandoverDocument.Person p = d.client();
        if (p == null) {
            errors.add(new FieldError("client", "required: {localId, givenName, familyName, birthDate}"));
        } else {
            text(errors, "client.localId", p.localId(), 64, true);
            text(errors, "client.givenName", p.givenName(), 100, true);
            text(errors, "client.familyName", p.familyName(), 100, true);
            LocalDate birth = date(errors, "client.birthDate", p.birthDate(), true);
            if (birth != null && (birth.isAfter(today) || birth.isBefore(LocalDate.of(1900, 1, 1)))) {
                errors.add(new FieldError("client.birthDate", "must be a past date after 1900-01-01"));
            }
        }
        date(errors, "dischargeDate", d.dischargeDate(), false);
        oneOf(errors, "dischargeRecommendation", d.dischargeRecommendation(), RECOMMENDATIONS);
        oneOf(errors, "urgency", d.urgency(), URGENCIES);
        text(errors, "triageNotes", d.triageNotes(), MAX_TEXT, false);
        text(errors, "mobilityConcerns", d.mobilityConcerns(), MAX_TEXT, false);
        text(errors, "unresolvedConcerns", d.unresolvedConcerns(), MAX_TEXT, false);
        text(errors, "symptomReporting", d.symptomReporting(), MAX_TEXT, false);
        limit(errors, "medicationRiskFlags", d.flags().size());
        for (int i = 0; i < d.flags().size(); i++) {
            HandoverDocument.MedicationFlag f = d.flags().get(i);
            String at = "medicationRiskFlags[" + i + "]";
            if (f == null) {
                errors.add(new FieldError(at, "must be {medication, risk, severity}"));
                continue;
            }
            text(errors, at + ".medication", f.medication(), 200, true);
            text(errors, at + ".risk", f.risk(), 1000, true);
            if (f.severity() == null || !SEVERITIES.contains(f.severity())) {
                errors.add(new FieldError(at + ".severity", "must be low, medium or high"));
            }
        }
        limit(errors, "followUpNeeds", d.needs().size());
        for (int i = 0; i < d.needs().size(); i++) {
            text(errors, "followUpNeeds[" + i + "]", d.needs().get(i), 1000, true);
        }
        limit(errors, "escalationRules", d.rules().size());
        for (int i = 0; i < d.rules().size(); i++) {
            HandoverDocument.EscalationRule r = d.rules().get(i);
            String at = "escalationRules[" + i + "]";
            if (r == null) {
                errors.add(new FieldError(at, "must be {if, then}"));
                continue;
            }
            text(errors, at + ".if", r.when(), 1000, true);
            text(errors, at + ".then", r.then(), 1000, true);
        }
        limit(errors, "actionItems", d.items().size());
        for (int i = 0; i < d.items().size(); i++) {
            HandoverDocument.ActionItem a = d.items().get(i);
            String at = "actionItems[" + i + "]";
            if (a == null) {
                errors.add(new FieldError(at, "must be {description, windowHours, responsibleAgency}"));
                continue;
            }
            text(errors, at + ".description", a.description(), 1000, true);
            if (a.windowHours() == null || a.windowHours() < 1 || a.windowHours() > 2160) {
                errors.add(new FieldError(at + ".windowHours", "a whole number of hours from 1 to 2160 (e.g. 24, 48, 72)"));
            }
            if (a.responsibleAgency() == null || !knownAgency.test(a.responsibleAgency())) {
                errors.add(new FieldError(at + ".responsibleAgency", "an agency slug on the network, e.g. eastside-community"));
            } else if (responsibleAgencies != null && !responsibleAgencies.contains(a.responsibleAgency())) {
                errors.add(new FieldError(at + ".responsibleAgency", a.responsibleAgency() + " does not receive this handover;"
                        + " choose an agency that does, or your own: " + String.join(", ", responsibleAgencies.stream().sorted().toList())));
            }
        }
        return errors;
    }

    /** The names of the required parts ({@link HandoverPart#required}) this handover leaves out, in reading order. */
    public static List<String> missing(HandoverDocument d) {
        List<String> missing = new ArrayList<>();
        if (blank(d.dischargeDate())) {
            missing.add("dischargeDate");
        }
        if (blank(d.dischargeRecommendation())) {
            missing.add("dischargeRecommendation");
        }
        if (blank(d.triageNotes())) {
            missing.add("triageNotes");
        }
        if (blank(d.mobilityConcerns())) {
            missing.add("mobilityConcerns");
        }
        if (d.needs().isEmpty()) {
            missing.add("followUpNeeds");
        }
        if (d.items().isEmpty()) {
            missing.add("actionItems");
        }
        return missing;
    }

    public static String describe(List<String> missingParts) {
        return String.join(", ", labels(missingParts));
    }

    /** The words on screen for part names. */
    public static List<String> labels(List<String> parts) {
        return parts.stream().map(HandoverPart::labelOf).toList();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void limit(List<FieldError> errors, String field, int size) {
        if (size > MAX_ITEMS) {
            errors.add(new FieldError(field, "at most " + MAX_ITEMS + " entries"));
        }
    }

    private static void oneOf(List<FieldError> errors, String field, String value, Set<String> allowed) {
        if (!blank(value) && !allowed.contains(value)) {
            errors.add(new FieldError(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList())));
        }
    }

    private static void text(List<FieldError> errors, String field, String value, int max, boolean required) {
        if (blank(value)) {
            if (required) {
                errors.add(new FieldError(field, "required"));
            }
            return;
        }
        if (value.length() > max) {
            errors.add(new FieldError(field, "at most " + max + " characters"));
        } else if (EventValidator.textProblem(value) != null) {
            errors.add(new FieldError(field, EventValidator.textProblem(value)));
        }
    }

    private static LocalDate date(List<FieldError> errors, String field, String value, boolean required) {
        if (blank(value)) {
            if (required) {
                errors.add(new FieldError(field, "required: a date such as 2026-11-25"));
            }
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date in the form YYYY-MM-DD"));
            return null;
        }
    }
}
