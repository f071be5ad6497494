package org.carerelay.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.catalogue.Urgency;
import org.carerelay.clients.ClientMatcher.PersonDetails;
import org.carerelay.clients.StrongIdentifier;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;

/**
 * Checks an event body against the catalogue and names every bad field at once. Pure: no
 * database, so bad input can never store anything.
 */
public class EventValidator {

    static final Set<String> TOP_LEVEL = Set.of("type", "client", "occurredAt", "urgency", "data");
    static final Set<String> CLIENT_FIELDS = Set.of("localId", "givenName", "familyName", "birthDate", "identifiers");
    static final int MAX_IDENTIFIERS = 5;
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    static final int MAX_TEXT = 10_000;
    static final int MAX_LIST_ITEMS = 100;

    private final Function<String, Optional<EventType>> catalogue;
    private final Clock clock;

    public EventValidator(Function<String, Optional<EventType>> catalogue, Clock clock) {
        this.catalogue = catalogue;
        this.clock = clock;
    }

    public EventSubmission validate(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("The body must be a JSON object.", List.of(new FieldError("body", "must be a JSON object")));
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!TOP_LEVEL.contains(name)) {
                errors.add(new FieldError(name, "unknown field; allowed: type, client, occurredAt, urgency, data"));
            }
        });
        EventType type = null;
        JsonNode typeNode = body.get("type");
        if (typeNode == null || typeNode.isNull()) {
            errors.add(new FieldError("type", "required: an event type code from GET /api/v1/event-types"));
        } else if (!typeNode.isTextual() || catalogue.apply(typeNode.asText()).isEmpty()) {
            errors.add(new FieldError("type", "unknown event type " + typeNode + "; see GET /api/v1/event-types"));
        } else {
            type = catalogue.apply(typeNode.asText()).get();
        }
        PersonDetails client = client(body.get("client"), errors);
        Instant occurredAt = occurredAt(body.get("occurredAt"), errors);
        String urgency = null;
        JsonNode urgencyNode = body.get("urgency");
        if (urgencyNode != null && !urgencyNode.isNull()) {
            if (!urgencyNode.isTextual() || Urgency.of(urgencyNode.asText()).isEmpty()) {
                errors.add(new FieldError("urgency", "must be one of urgent_review, routine_follow_up, information_only"));
            } else {
                urgency = urgencyNode.asText();
            }
        }
        Map<String, Object> data = data(body.get("data"), type, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.size() == 1 ? "One field is invalid." : errors.size() + " fields are invalid.", errors);
        }
        return new EventSubmission(type.code, client, occurredAt, urgency, data);
    }

    private PersonDetails client(JsonNode node, List<FieldError> errors) {
        if (!isObject(node, "client", "required: {localId, givenName, familyName, birthDate}",
                "must be an object {localId, givenName, familyName, birthDate}", errors)) {
            return null;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!CLIENT_FIELDS.contains(name)) {
                errors.add(new FieldError("client." + name, "unknown client field; allowed: localId, givenName, familyName, birthDate, identifiers"));
            }
        });
        String localId = text(node, "localId", 64, errors);
        String given = text(node, "givenName", 100, errors);
        String family = text(node, "familyName", 100, errors);
        LocalDate birth = null;
        JsonNode birthNode = node.get("birthDate");
        if (birthNode == null || birthNode.isNull()) {
            errors.add(new FieldError("client.birthDate", "required: a date such as 1956-03-14"));
        } else {
            birth = date(birthNode, "client.birthDate", errors);
            if (birth != null && (birth.isAfter(LocalDate.now(clock)) || birth.isBefore(LocalDate.of(1900, 1, 1)))) {
                errors.add(new FieldError("client.birthDate", "must be a past date after 1900-01-01"));
            }
        }
        List<StrongIdentifier> identifiers = identifiers(node.get("identifiers"), errors);
        return localId == null || given == null || family == null || birth == null || identifiers == null ? null
                : new PersonDetails(localId, given, family, birth, identifiers);
    }

    /** Optional strong shared identifiers: [{"system": "medicaid", "value": "..."}], one value per system. */
    private static List<StrongIdentifier> identifiers(JsonNode node, List<FieldError> errors) {
        String path = "client.identifiers";
        if (node == null || node.isNull()) {
            return List.of();
        }
        String systems = String.join(", ", StrongIdentifier.IdentifierSystem.codes());
        if (!node.isArray()) {
            errors.add(new FieldError(path, "must be a list of {system, value}, system one of " + systems));
            return null;
        }
        if (node.size() > MAX_IDENTIFIERS) {
            errors.add(new FieldError(path, "at most " + MAX_IDENTIFIERS + " identifiers"));
            return null;
        }
        List<StrongIdentifier> identifiers = new ArrayList<>();
        boolean valid = true;
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String at = path + "[" + i + "]";
            if (!item.isObject()) {
                errors.add(new FieldError(at, "must be an object {system, value}"));
                valid = false;
                continue;
            }
            int before = errors.size();
            item.fieldNames().forEachRemaining(name -> {
                if (!name.equals("system") && !name.equals("value")) {
                    errors.add(new FieldError(at + "." + name, "unknown field; allowed: system, value"));
                }
            });
            JsonNode systemNode = item.get("system");
            StrongIdentifier.IdentifierSystem system = null;
            if (systemNode == null || systemNode.isNull()) {
                errors.add(new FieldError(at + ".system", "required: one of " + systems));
            } else if (!systemNode.isTextual() || StrongIdentifier.IdentifierSystem.of(systemNode.asText()).isEmpty()) {
                errors.add(new FieldError(at + ".system", "unknown identifier system " + systemNode + "; strong identifiers are " + systems));
            } else {
                system = StrongIdentifier.IdentifierSystem.of(systemNode.asText()).get();
            }
            JsonNode valueNode = item.get("value");
            String value = null;
            if (valueNode == null || valueNode.isNull() || (valueNode.isTextual() && valueNode.asText().isBlank())) {
                errors.add(new FieldError(at + ".value", "required"));
            } else if (!valueNode.isTextual() || valueNode.asText().length() > 64) {
                errors.add(new FieldError(at + ".value", "must be a string of at most 64 characters"));
            } else if (system != null) {
                value = StrongIdentifier.normalise(valueNode.asText());
                if (!system.format.matcher(value).matches()) {
                    errors.add(new FieldError(at + ".value", "is not a valid " + system.label + ": " + system.formatDescription));
                    value = null;
                }
            }
            if (errors.size() > before || system == null || value == null) {
                valid = false;
                continue;
            }
            StrongIdentifier.IdentifierSystem sys = system;
            if (identifiers.stream().anyMatch(s -> s.system().equals(sys.code))) {
                errors.add(new FieldError(at + ".system", "one value per system; " + system.code + " is given twice"));
                valid = false;
                continue;
            }
            identifiers.add(new StrongIdentifier(system.code, value));
        }
        return valid ? identifiers : null;
    }

    private static String text(JsonNode parent, String name, int max, List<FieldError> errors) {
        JsonNode node = parent.get(name);
        String path = "client." + name;
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            errors.add(new FieldError(path, "required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(path, "must be a string"));
            return null;
        }
        if (node.asText().length() > max) {
            errors.add(new FieldError(path, "at most " + max + " characters"));
            return null;
        }
        String problem = textProblem(node.asText());
        if (problem != null) {
            errors.add(new FieldError(path, problem));
            return null;
        }
        return node.asText().trim();
    }

    private Instant occurredAt(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("occurredAt", "required: an ISO-8601 date-time with offset, e.g. 2026-11-25T09:30:00Z"));
            return null;
        }
        Instant at = dateTime(node, "occurredAt", errors);
        if (at != null && at.isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            errors.add(new FieldError("occurredAt", "is in the future; an event reports something that has happened"));
            return null;
        }
        return at;
    }

    /** Whether the member at {@code path} is a JSON object; if not, says why (absent or of another kind). */
    private static boolean isObject(JsonNode node, String path, String whenAbsent, String whenNotObject, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(path, whenAbsent));
            return false;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(path, whenNotObject));
            return false;
        }
        return true;
    }

    private Map<String, Object> data(JsonNode node, EventType type, List<FieldError> errors) {
        if (!isObject(node, "data", "required: an object with the event type's fields", "must be an object", errors)) {
            return null;
        }
        if (type == null) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> known = Set.copyOf(type.fieldNames());
        ((ObjectNode) node).fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                errors.add(new FieldError("data." + name, "not a field of " + type.code + "; allowed: " + String.join(", ", type.fieldNames())));
            }
        });
        for (FieldDefinition field : type.fields) {
            JsonNode value = node.get(field.name());
            String path = "data." + field.name();
            boolean absent = value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())
                    || (value.isArray() && value.isEmpty());
            if (absent) {
                if (field.required()) {
                    errors.add(new FieldError(path, "required (" + field.label() + ")"));
                }
                continue;
            }
            Object typed = typed(field, value, path, errors);
            if (typed != null) {
                values.put(field.name(), typed);
            }
        }
        return values;
    }

    /** Converts one value to its catalogue type, or records why it cannot be. */
    public static Object typed(FieldDefinition field, JsonNode value, String path, List<FieldError> errors) {
        switch (field.fieldType()) {
            case TEXT -> {
                if (!value.isTextual()) {
                    errors.add(new FieldError(path, "must be text"));
                } else if (value.asText().length() > MAX_TEXT) {
                    errors.add(new FieldError(path, "at most " + MAX_TEXT + " characters"));
                } else if (textProblem(value.asText()) != null) {
                    errors.add(new FieldError(path, textProblem(value.asText())));
                } else {
                    return value.asText();
                }
            }
            case NUMBER -> {
                if (!value.isNumber()) {
                    errors.add(new FieldError(path, "must be a number"));
                } else if (!(Math.abs(value.doubleValue()) <= LARGEST_NUMBER)) {
                    errors.add(new FieldError(path, "is too large"));
                } else {
                    return value.numberValue();
                }
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    errors.add(new FieldError(path, "must be true or false"));
                } else {
                    return value.asBoolean();
                }
            }
            case DATE -> {
                LocalDate date = date(value, path, errors);
                return date == null ? null : date.toString();
            }
            case DATETIME -> {
                Instant at = dateTime(value, path, errors);
                return at == null ? null : at.toString();
            }
            case ENUM -> {
                if (!value.isTextual() || !field.values().contains(value.asText())) {
                    errors.add(new FieldError(path, "must be one of " + String.join(", ", field.values())));
                } else {
                    return value.asText();
                }
            }
            case LIST -> {
                if (!value.isArray()) {
                    errors.add(new FieldError(path, "must be a list of text"));
                } else if (value.size() > MAX_LIST_ITEMS) {
                    errors.add(new FieldError(path, "at most " + MAX_LIST_ITEMS + " items"));
                } else {
                    List<String> items = new ArrayList<>();
                    for (int i = 0; i < value.size(); i++) {
                        JsonNode item = value.get(i);
                        if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > 1000 || textProblem(item.asText()) != null) {
                            errors.add(new FieldError(path + "[" + i + "]",
                                    "must be non-empty text of at most 1000 characters, without NUL, control characters or unpaired surrogates"));
                            return null;
                        }
                        items.add(item.asText());
                    }
                    return items;
                }
            }
            default -> throw new IllegalStateException("unhandled field type " + field.type());
        }
        return null;
    }

    static final String NO_NUL = "must not contain the NUL character (\\u0000)";

    /** PostgreSQL cannot store U+0000 in text or jsonb: refused here, as a bad field, not as a failed write. */
    public static boolean hasNul(String text) {
        return text.indexOf('\0') >= 0;
    }

    static final String NO_CONTROL = "must not contain control characters (U+0001 to U+001F other than tab and line breaks, U+007F)";
    static final String NO_LONE_SURROGATE = "must be valid Unicode: an unpaired surrogate (e.g. \\ud800) is not a character";
    /** The largest magnitude a number field holds (the Raise form's bound too); beyond it, or not finite, "is too large". */
    public static final double LARGEST_NUMBER = 1e15;

    /**
     * Why text cannot be kept as sent, or null: NUL (PostgreSQL cannot store it), other control characters (they
     * corrupt logs, terminals and CSV exports), or an unpaired surrogate (not a character: it would be stored as "?").
     */
    public static String textProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return NO_NUL;
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return NO_CONTROL;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return NO_LONE_SURROGATE;
            }
        }
        return null;
    }

    static LocalDate date(JsonNode node, String path, List<FieldError> errors) {
        if (node.isTextual()) {
            try {
                return LocalDate.parse(node.asText());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new FieldError(path, "must be a date in the form YYYY-MM-DD"));
        return null;
    }

    static Instant dateTime(JsonNode node, String path, List<FieldError> errors) {
        if (node.isTextual()) {
            try {
                return OffsetDateTime.parse(node.asText()).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new FieldError(path, "must be an ISO-8601 date-time with offset, e.g. 2026-11-25T09:30:00Z"));
        return null;
    }
}
