package org.carerelay.raise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.catalogue.EventType;
import org.carerelay.clients.StrongIdentifier;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.catalogue.Urgency;
import org.carerelay.raise.RaiseView.Control;
import org.carerelay.raise.RaiseView.Option;
import org.carerelay.raise.RaiseView.Section;
import org.carerelay.raise.RaiseView.SummaryError;
import org.carerelay.web.ProblemException.FieldError;

/**
 * The raise form both ways: the submitted form parameters become the JSON body the partner API
 * takes (so the same validator checks both), and the catalogue dataset becomes form controls.
 * Form parameter names are the validator's field paths: client.givenName, occurredAt, data.severity.
 */
final class RaiseForm {

    static final String TYPE = "type";
    static final String CLIENT_ID = "client";
    /** The optional Medicaid member id: sent as the strong identifier client.identifiers[0]. */
    static final String MEDICAID_ID = "client.medicaidId";
    static final String OCCURRED_AT = "occurredAt";
    static final String URGENCY = "urgency";
    static final String DATA = "data.";
    static final BigDecimal LARGEST_NUMBER = BigDecimal.valueOf(org.carerelay.events.EventValidator.LARGEST_NUMBER);

    /** The body to validate, and what could not even be converted (bad number, bad date and time). */
    record Conversion(ObjectNode body, List<FieldError> errors) {
    }

    private RaiseForm() {
    }

    static String value(Map<String, String> input, String name) {
        String v = input.get(name);
        return v == null ? "" : v;
    }

    static Conversion toBody(EventType type, Map<String, String> input, RaiseClients.Prefilled prefilled, ZoneId zone) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<FieldError> errors = new ArrayList<>();
        ObjectNode body = f.objectNode();
        body.put("type", type.code);
        ObjectNode client = body.putObject("client");
        if (prefilled != null) {
            client.put("givenName", prefilled.givenName());
            client.put("familyName", prefilled.familyName());
            client.put("birthDate", prefilled.birthDate().toString());
        }
        if (prefilled != null && prefilled.localId() != null) {
            client.put("localId", prefilled.localId());
        }
        for (String name : List.of("localId", "givenName", "familyName", "birthDate")) {
            String typed = value(input, "client." + name).trim();
            if (!client.has(name) && !typed.isEmpty()) {
                client.put(name, typed);
            }
        }
        String medicaid = value(input, MEDICAID_ID).trim();
        if (prefilled == null && !medicaid.isEmpty()) {
            ObjectNode identifier = client.putArray("identifiers").addObject();
            identifier.put("system", StrongIdentifier.IdentifierSystem.MEDICAID.code);
            identifier.put("value", medicaid);
        }
        String occurred = value(input, OCCURRED_AT).trim();
        if (!occurred.isEmpty()) {
            String at = instant(occurred, zone);
            if (at == null) {
                errors.add(new FieldError(OCCURRED_AT, "must be a date and time"));
            } else {
                body.put(OCCURRED_AT, at);
            }
        }
        String urgency = value(input, URGENCY).trim();
        if (!urgency.isEmpty()) {
            body.put(URGENCY, urgency);
        }
        ObjectNode data = body.putObject("data");
        for (FieldDefinition field : type.fields) {
            String path = DATA + field.name();
            String raw = value(input, path);
            if (raw.isBlank()) {
                continue;
            }
            String trimmed = raw.trim();
            switch (field.fieldType()) {
                case TEXT -> data.put(field.name(), raw.replace("\r\n", "\n"));
                case NUMBER -> {
                    BigDecimal number = number(trimmed);
                    if (number == null) {
                        errors.add(new FieldError(path, "must be a number"));
                    } else if (number.abs().compareTo(LARGEST_NUMBER) > 0) {
                        errors.add(new FieldError(path, "is too large"));
                    } else if (number.scale() <= 0) {
                        data.put(field.name(), number.longValueExact());
                    } else {
                        data.put(field.name(), number);
                    }
                }
                case BOOLEAN -> {
                    if (trimmed.equals("true") || trimmed.equals("false")) {
                        data.put(field.name(), Boolean.parseBoolean(trimmed));
                    } else {
                        errors.add(new FieldError(path, "must be Yes or No"));
                    }
                }
                case DATETIME -> {
                    String at = instant(trimmed, zone);
                    if (at == null) {
                        errors.add(new FieldError(path, "must be a date and time"));
                    } else {
                        data.put(field.name(), at);
                    }
                }
                case LIST -> {
                    ArrayNode items = f.arrayNode();
                    Arrays.stream(raw.split("\\R")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
                    if (!items.isEmpty()) {
                        data.set(field.name(), items);
                    }
                }
                default -> data.put(field.name(), trimmed);
            }
        }
        return new Conversion(body, errors);
    }

    static String instant(String local, ZoneId zone) {
        try {
            return LocalDateTime.parse(local).atZone(zone).toInstant().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static BigDecimal number(String text) {
        try {
            return new BigDecimal(text).stripTrailingZeros();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Field path → message, one entry per control ("data.followUpNeeds[2]" belongs to data.followUpNeeds). */
    static Map<String, String> byControl(List<FieldError> errors) {
        Map<String, String> map = new LinkedHashMap<>();
        for (FieldError e : errors) {
            String id = e.field().startsWith("client.identifiers") ? MEDICAID_ID : e.field().replaceAll("\\[\\d+]$", "");
            map.merge(id, plain(e.message()), (a, b) -> a.equals(b) ? a : a + "; " + b);
        }
        return map;
    }

    /** The validator speaks to partner developers; the form speaks to staff. */
    static String plain(String message) {
        if (message.equals("required") || message.startsWith("required (") || message.startsWith("required:")) {
            return "this field is required";
        }
        if (message.startsWith("must be non-empty text of at most 1000 characters")) {
            return "each line must be at most 1000 characters";
        }
        return message;
    }

    static List<Section> sections(EventType type, Map<String, String> input, RaiseClients.Prefilled prefilled,
            Map<String, String> errors, String defaultOccurredAt) {
        List<Control> person = new ArrayList<>();
        if (prefilled == null || prefilled.localId() == null) {
            person.add(text("client.localId", "Your agency's ID for this person", true,
                    "The identifier your agency's own records use for this person, e.g. a case or tenancy number.", input, errors));
        }
        if (prefilled == null) {
            person.add(text("client.givenName", "Given name", true, "As in your agency's records.", input, errors));
            person.add(text("client.familyName", "Family name", true, "As in your agency's records.", input, errors));
            person.add(control("client.birthDate", "Date of birth", "date", true, value(input, "client.birthDate"), List.of(),
                    "Used with the name to find the person on the network.", errors));
            person.add(text(MEDICAID_ID, "Medicaid member ID (optional)", false,
                    "If your agency holds it: with the same name and date of birth, it links your record to the person already "
                            + "known on the network. Without it, a match on name and date of birth waits for an identity check.", input, errors));
        }
        List<Control> when = new ArrayList<>();
        String occurred = input.containsKey(OCCURRED_AT) ? value(input, OCCURRED_AT) : defaultOccurredAt;
        when.add(control(OCCURRED_AT, "When did this happen", "datetime", true, occurred, List.of(),
                "Date and time in New York time (America/New_York). It starts at now.", errors));
        List<Option> urgencies = new ArrayList<>();
        String chosen = value(input, URGENCY);
        urgencies.add(new Option(URGENCY, "", "Use the default: " + Wording.urgency(type.urgency), chosen.isEmpty()));
        for (Urgency u : Urgency.values()) {
            urgencies.add(new Option(URGENCY + "-" + u.code, u.code, u.label, u.code.equals(chosen)));
        }
        when.add(control(URGENCY, "Urgency", "select", false, chosen, urgencies,
                "Change it only when this case is more or less urgent than usual for this event.", errors));
        List<Control> details = type.fields.stream().map(field -> dataControl(field, input, errors)).toList();
        return List.of(new Section("person", "About the person", person), new Section("when", "When and how urgent", when),
                new Section("details", "What happened", details));
    }

    static Control dataControl(FieldDefinition field, Map<String, String> input, Map<String, String> errors) {
        String name = DATA + field.name();
        String raw = value(input, name);
        return switch (field.fieldType()) {
            case TEXT -> control(name, field.label(), "textarea", field.required(), raw, List.of(), Wording.hint(field), errors);
            case LIST -> control(name, field.label() + " (one per line)", "list", field.required(), raw, List.of(), Wording.hint(field), errors);
            case NUMBER -> control(name, field.label(), "number", field.required(), raw, List.of(), Wording.hint(field), errors);
            case DATE -> control(name, field.label(), "date", field.required(), raw, List.of(), Wording.hint(field), errors);
            case DATETIME -> control(name, field.label(), "datetime", field.required(), raw, List.of(), Wording.hint(field), errors);
            case BOOLEAN -> control(name, field.label(), "boolean", field.required(), raw, List.of(
                    new Option(name, "true", "Yes", raw.equals("true")),
                    new Option(name + "-no", "false", "No", raw.equals("false"))), Wording.hint(field), errors);
            case ENUM -> {
                List<Option> options = new ArrayList<>();
                options.add(new Option(name + "-none", "", "Choose…", raw.isEmpty()));
                field.values().forEach(v -> options.add(new Option(name + "-" + v, v, Wording.humanise(v), v.equals(raw))));
                yield control(name, field.label(), "select", field.required(), raw, options, Wording.hint(field), errors);
            }
        };
    }

    private static Control text(String name, String label, boolean required, String hint, Map<String, String> input,
            Map<String, String> errors) {
        return control(name, label, "text", required, value(input, name), List.of(), hint, errors);
    }

    private static Control control(String name, String label, String kind, boolean required, String value, List<Option> options,
            String hint, Map<String, String> errors) {
        return new Control(name, name, label, kind, required, value, options, hint, errors.get(name));
    }

    /** The error summary: every message, linked to its control, in the order of the form. */
    static List<SummaryError> summary(List<Section> sections, Map<String, String> errors) {
        List<SummaryError> summary = new ArrayList<>();
        Map<String, String> rest = new LinkedHashMap<>(errors);
        for (Section section : sections) {
            for (Control c : section.controls()) {
                String message = rest.remove(c.id());
                if (message != null) {
                    summary.add(new SummaryError(c.id(), c.label() + ": " + message));
                }
            }
        }
        rest.forEach((field, message) -> summary.add(new SummaryError("raise-form", field + ": " + message)));
        return summary;
    }
}
