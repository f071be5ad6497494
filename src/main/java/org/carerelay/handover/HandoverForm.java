package org.carerelay.handover;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.web.ProblemException.FieldError;

/**
 * The handover form's fields (flat names, numbered rows) turned into a {@link HandoverDocument},
 * and a document (or what was typed) turned back into the form. Blank rows are ignored; errors
 * on the document's paths are placed at the row the person typed them in.
 */
public final class HandoverForm {

    public static final int EMPTY_ROWS = 3;
    public static final List<String> WINDOWS = List.of("24", "48", "72");
    /** Rows numbered from here on are not read (nor shown): more than any list may hold. */
    static final int MAX_ROWS = 200;

    public record Field(String id, String value, String error) {
        public boolean hasError() {
            return error != null;
        }
    }

    public record Option(String value, String label, boolean selected) {
    }

    public record FlagRow(int n, Field medication, Field risk, Field severity, List<Option> severities) {
        public String suffix() {
            return "(row " + (n + 1) + ")";
        }
    }

    public record RuleRow(int n, Field when, Field then) {
        public String suffix() {
            return "(rule " + (n + 1) + ")";
        }
    }

    public record ItemRow(int n, Field description, Field window, Field customHours, Field agency, List<Option> windows,
            List<Option> agencies) {
        public String suffix() {
            return "(item " + (n + 1) + ")";
        }
    }

    public record ErrorLink(String anchor, String message) {
    }

    /** A parsed form: the document, errors only the form can find (e.g. hours that are not a number), and which row each entry came from. */
    public record Parsed(HandoverDocument document, List<FieldError> formErrors, List<Integer> flagRows, List<Integer> ruleRows,
            List<Integer> itemRows) {
    }

    private HandoverForm() {
    }

    public static Parsed parse(Map<String, String> in) {
        List<FieldError> formErrors = new ArrayList<>();
        HandoverDocument.Person person = new HandoverDocument.Person(text(in, "clientLocalId"), text(in, "givenName"),
                text(in, "familyName"), text(in, "birthDate"));
        List<HandoverDocument.MedicationFlag> flags = new ArrayList<>();
        List<Integer> flagRows = new ArrayList<>();
        for (int n : rows(in, "flag")) {
            String medication = text(in, "flag-" + n + "-medication");
            String risk = text(in, "flag-" + n + "-risk");
            String severity = text(in, "flag-" + n + "-severity");
            if (medication != null || risk != null) {
                flags.add(new HandoverDocument.MedicationFlag(medication, risk, severity));
                flagRows.add(n);
            }
        }
        List<HandoverDocument.EscalationRule> rules = new ArrayList<>();
        List<Integer> ruleRows = new ArrayList<>();
        for (int n : rows(in, "rule")) {
            String when = text(in, "rule-" + n + "-if");
            String then = text(in, "rule-" + n + "-then");
            if (when != null || then != null) {
                rules.add(new HandoverDocument.EscalationRule(when, then));
                ruleRows.add(n);
            }
        }
        List<HandoverDocument.ActionItem> items = new ArrayList<>();
        List<Integer> itemRows = new ArrayList<>();
        for (int n : rows(in, "item")) {
            String description = text(in, "item-" + n + "-description");
            String custom = text(in, "item-" + n + "-customHours");
            if (description == null && custom == null) {
                continue;
            }
            String window = text(in, "item-" + n + "-window");
            Integer hours = null;
            String hoursText = "custom".equals(window) || window == null ? custom : window;
            if (hoursText == null) {
                formErrors.add(new FieldError("actionItems[" + items.size() + "].windowHours", "choose a window, or give the hours"));
            } else {
                try {
                    hours = Integer.valueOf(hoursText.trim());
                } catch (NumberFormatException e) {
                    formErrors.add(new FieldError("actionItems[" + items.size() + "].windowHours",
                            "a whole number of hours from 1 to 2160 (e.g. 24, 48, 72)"));
                }
            }
            items.add(new HandoverDocument.ActionItem(description, hours == null ? Integer.valueOf(24) : hours, text(in, "item-" + n + "-agency")));
            itemRows.add(n);
        }
        List<String> needs = new ArrayList<>();
        String needsText = in.get("followUpNeeds");
        if (needsText != null) {
            needsText.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(needs::add);
        }
        HandoverDocument document = new HandoverDocument(person, text(in, "dischargeDate"), text(in, "dischargeRecommendation"),
                text(in, "urgency"), text(in, "triageNotes"), flags, text(in, "mobilityConcerns"), needs,
                text(in, "unresolvedConcerns"), text(in, "symptomReporting"), rules, items);
        return new Parsed(document, formErrors, flagRows, ruleRows, itemRows);
    }

    /** The form control a document path names (errors are shown there). */
    public static String controlId(String path, Parsed parsed) {
        Matcher m = Pattern.compile("(\\w+)\\[(\\d+)\\](?:\\.(\\w+))?").matcher(path);
        if (m.matches()) {
            int i = Integer.parseInt(m.group(2));
            String part = m.group(3);
            switch (m.group(1)) {
                case "medicationRiskFlags":
                    return "flag-" + row(parsed.flagRows(), i) + "-" + (part == null ? "medication" : part);
                case "escalationRules":
                    return "rule-" + row(parsed.ruleRows(), i) + "-" + (part == null ? "if" : part);
                case "actionItems":
                    String control = part == null ? "description" : switch (part) {
                        case "windowHours" -> "window";
                        case "responsibleAgency" -> "agency";
                        default -> part;
                    };
                    return "item-" + row(parsed.itemRows(), i) + "-" + control;
                default:
                    return m.group(1);
            }
        }
        return switch (path) {
            case "client", "client.localId" -> "clientLocalId";
            case "client.givenName" -> "givenName";
            case "client.familyName" -> "familyName";
            case "client.birthDate" -> "birthDate";
            case "medicationRiskFlags" -> "flag-0-medication";
            case "escalationRules" -> "rule-0-if";
            case "actionItems" -> "item-0-description";
            default -> path;
        };
    }

    /** Errors keyed by control id (the first message for each). */
    public static Map<String, String> byControl(List<FieldError> errors, Parsed parsed) {
        Map<String, String> at = new LinkedHashMap<>();
        for (FieldError e : errors) {
            at.putIfAbsent(controlId(e.field(), parsed), e.message());
        }
        return at;
    }

    /** The values to show: what was typed (after an error) or a stored document (re-opened draft) with empty rows added. */
    public static Map<String, String> values(HandoverDocument d, String defaultAgency) {
        Map<String, String> v = new LinkedHashMap<>();
        if (d != null) {
            if (d.client() != null) {
                put(v, "clientLocalId", d.client().localId());
                put(v, "givenName", d.client().givenName());
                put(v, "familyName", d.client().familyName());
                put(v, "birthDate", d.client().birthDate());
            }
            put(v, "dischargeDate", d.dischargeDate());
            put(v, "dischargeRecommendation", d.dischargeRecommendation());
            put(v, "urgency", d.urgency());
            put(v, "triageNotes", d.triageNotes());
            put(v, "mobilityConcerns", d.mobilityConcerns());
            put(v, "followUpNeeds", String.join("\n", d.needs()));
            put(v, "unresolvedConcerns", d.unresolvedConcerns());
            put(v, "symptomReporting", d.symptomReporting());
            for (int i = 0; i < d.flags().size(); i++) {
                put(v, "flag-" + i + "-medication", d.flags().get(i).medication());
                put(v, "flag-" + i + "-risk", d.flags().get(i).risk());
                put(v, "flag-" + i + "-severity", d.flags().get(i).severity());
            }
            for (int i = 0; i < d.rules().size(); i++) {
                put(v, "rule-" + i + "-if", d.rules().get(i).when());
                put(v, "rule-" + i + "-then", d.rules().get(i).then());
            }
            for (int i = 0; i < d.items().size(); i++) {
                HandoverDocument.ActionItem item = d.items().get(i);
                put(v, "item-" + i + "-description", item.description());
                String hours = item.windowHours() == null ? null : String.valueOf(item.windowHours());
                put(v, "item-" + i + "-window", hours == null || WINDOWS.contains(hours) ? hours : "custom");
                put(v, "item-" + i + "-customHours", hours == null || WINDOWS.contains(hours) ? null : hours);
                put(v, "item-" + i + "-agency", item.responsibleAgency());
            }
        }
        v.putIfAbsent("defaultAgency", defaultAgency);
        return v;
    }

    public static List<FlagRow> flagRows(Map<String, String> v, Map<String, String> errors) {
        List<FlagRow> out = new ArrayList<>();
        for (int n = 0; n < count(v, "flag"); n++) {
            Field severity = field("flag-" + n + "-severity", v, errors);
            out.add(new FlagRow(n, field("flag-" + n + "-medication", v, errors), field("flag-" + n + "-risk", v, errors), severity,
                    options(severity.value(), List.of("", "low", "medium", "high"), List.of("Choose…", "Low", "Medium", "High"))));
        }
        return out;
    }

    public static List<RuleRow> ruleRows(Map<String, String> v, Map<String, String> errors) {
        List<RuleRow> out = new ArrayList<>();
        for (int n = 0; n < count(v, "rule"); n++) {
            out.add(new RuleRow(n, field("rule-" + n + "-if", v, errors), field("rule-" + n + "-then", v, errors)));
        }
        return out;
    }

    public static List<ItemRow> itemRows(Map<String, String> v, Map<String, String> errors, List<AgencyRef> agencies) {
        List<ItemRow> out = new ArrayList<>();
        for (int n = 0; n < count(v, "item"); n++) {
            Field window = field("item-" + n + "-window", v, errors);
            String chosen = window.value().isEmpty() ? "24" : window.value();
            Field agency = field("item-" + n + "-agency", v, errors);
            String agencyChosen = agency.value().isEmpty() ? v.getOrDefault("defaultAgency", "") : agency.value();
            out.add(new ItemRow(n, field("item-" + n + "-description", v, errors), window, field("item-" + n + "-customHours", v, errors),
                    agency, options(chosen, List.of("24", "48", "72", "custom"), List.of("24 hours", "48 hours", "72 hours", "Other (give the hours)")),
                    agencies.stream().map(a -> new Option(a.slug(), a.name(), a.slug().equals(agencyChosen))).toList()));
        }
        return out;
    }

    public static Field field(String id, Map<String, String> v, Map<String, String> errors) {
        String value = v.get(id);
        return new Field(id, value == null ? "" : value, errors.get(id));
    }

    public static List<Option> options(String chosen, List<String> values, List<String> labels) {
        List<Option> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            out.add(new Option(values.get(i), labels.get(i), values.get(i).equals(chosen == null ? "" : chosen)));
        }
        return out;
    }

    /** Rows to show: the highest filled row plus the empty ones. */
    private static int count(Map<String, String> v, String prefix) {
        int filled = 0;
        Pattern p = rowPattern(prefix);
        for (Map.Entry<String, String> e : v.entrySet()) {
            Matcher m = p.matcher(e.getKey());
            if (m.matches() && Integer.parseInt(m.group(1)) < MAX_ROWS && e.getValue() != null && !e.getValue().isBlank() && !e.getKey().endsWith("-window")
                    && !e.getKey().endsWith("-agency") && !e.getKey().endsWith("-severity")) {
                filled = Math.max(filled, Integer.parseInt(m.group(1)) + 1);
            }
        }
        return filled + EMPTY_ROWS;
    }

    private static List<Integer> rows(Map<String, String> in, String prefix) {
        Pattern p = rowPattern(prefix);
        return in.keySet().stream().map(p::matcher).filter(Matcher::matches).map(m -> Integer.parseInt(m.group(1)))
                .filter(n -> n < MAX_ROWS).distinct().sorted().toList();
    }

    /** A numbered row's field name; at most three digits, so a forged "item-99999999999-description" is no row (and no overflow). */
    private static Pattern rowPattern(String prefix) {
        return Pattern.compile(prefix + "-(\\d{1,3})-.*");
    }

    private static int row(List<Integer> rows, int index) {
        return index < rows.size() ? rows.get(index) : index;
    }

    private static void put(Map<String, String> v, String key, String value) {
        if (value != null) {
            v.put(key, value);
        }
    }

    private static String text(Map<String, String> in, String name) {
        String value = in.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
