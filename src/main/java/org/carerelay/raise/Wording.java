package org.carerelay.raise;

import java.util.List;
import java.util.Map;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.catalogue.Sensitivity;
import org.carerelay.catalogue.Urgency;
import org.carerelay.clients.StatusMarker;

/** Plain words for catalogue codes, as staff read them on the guide and the raise form. */
final class Wording {

    /** The pathways in the order the product names them. */
    static final List<String> PATHWAYS = List.of("discharge", "behavioral_health", "housing_welfare");

    static final Map<String, String> PATHWAY_NAMES = Map.of(
            "discharge", "Hospital discharge to community response",
            "behavioral_health", "Behavioral-health continuity",
            "housing_welfare", "Housing, welfare and health");

    private Wording() {
    }

    static String pathway(String code) {
        return PATHWAY_NAMES.getOrDefault(code, humanise(code));
    }

    static String urgency(String code) {
        return Urgency.of(code).map(u -> u.label).orElse(humanise(code));
    }

    static String sensitivity(String code) {
        try {
            return Sensitivity.of(code).label;
        } catch (IllegalArgumentException e) {
            return humanise(code);
        }
    }

    static String marker(String code) {
        return StatusMarker.of(code).map(m -> m.label).orElse(humanise(code));
    }

    /** "home_with_support" → "Home with support". */
    static String humanise(String code) {
        if (code == null || code.isEmpty()) {
            return "";
        }
        String words = code.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** What kind of answer a field takes, in words. */
    static String fieldType(FieldDefinition field) {
        return switch (field.fieldType()) {
            case TEXT -> "text";
            case NUMBER -> "number";
            case BOOLEAN -> "yes or no";
            case DATE -> "date";
            case DATETIME -> "date and time";
            case ENUM -> "one of: " + String.join(", ", field.values().stream().map(Wording::humanise).toList());
            case LIST -> "list";
        };
    }

    /** The hint under a form control. */
    static String hint(FieldDefinition field) {
        return switch (field.fieldType()) {
            case TEXT -> field.label() + ": free text, shared exactly as you write it.";
            case NUMBER -> field.label() + ": a number, e.g. 2 or 350.50.";
            case BOOLEAN -> field.label() + ": choose Yes or No.";
            case DATE -> field.label() + ": a date.";
            case DATETIME -> field.label() + ": date and time, New York time.";
            case ENUM -> field.label() + ": choose one.";
            case LIST -> field.label() + ": one item per line.";
        };
    }
}
