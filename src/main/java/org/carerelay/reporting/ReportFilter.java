package org.carerelay.reporting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.catalogue.EventType;

/**
 * A report's filters as typed (kept for the form) and as parsed: period (whole days, both
 * included), agency, event type, pathway. A value that does not parse becomes an error naming its
 * parameter, and the report then shows no figures rather than guessing.
 */
public record ReportFilter(String from, String to, String agency, String type, String pathway, LocalDate fromDate,
        LocalDate toDate, Long agencyId, String agencyName, EventType eventType, List<Error> errors) {

    public record Error(String field, String message) {
    }

    public static final Set<String> PATHWAYS = Set.of("discharge", "behavioral_health", "housing_welfare");
    static final int DEFAULT_DAYS = 90;
    static final int MAX_DAYS = 3 * 366;

    public static ReportFilter parse(String from, String to, String agency, String type, String pathway, LocalDate today,
            AgencyDirectory agencies, List<EventType> types) {
        from = clean(from);
        to = clean(to);
        agency = clean(agency);
        type = clean(type);
        pathway = clean(pathway);
        List<Error> errors = new ArrayList<>();
        LocalDate toDate = to.isEmpty() ? today : date(to, "to", "To date", errors);
        LocalDate fromDate = from.isEmpty() ? (toDate == null ? null : toDate.minusDays(DEFAULT_DAYS - 1)) : date(from, "from", "From date", errors);
        if (fromDate != null && toDate != null) {
            if (toDate.isBefore(fromDate)) {
                errors.add(new Error("to", "To date: " + toDate + " is before the from date " + fromDate + "."));
            } else if (fromDate.plusDays(MAX_DAYS).isBefore(toDate)) {
                errors.add(new Error("from", "Period: at most 3 years; choose a later from date or an earlier to date."));
            }
        }
        Long agencyId = null;
        String agencyName = null;
        if (!agency.isEmpty()) {
            var found = agencies.find(agency).filter(a -> !"commissioner".equals(a.kind()));
            if (found.isEmpty()) {
                errors.add(new Error("agency", "Agency: “" + shown(agency) + "” is not an agency on the network."));
            } else {
                agencyId = found.get().id();
                agencyName = found.get().name();
            }
        }
        EventType eventType = null;
        if (!type.isEmpty()) {
            final String code = type;
            eventType = types.stream().filter(t -> t.code.equals(code)).findFirst().orElse(null);
            if (eventType == null) {
                errors.add(new Error("type", "Event type: “" + shown(type) + "” is not an event type in the catalogue."));
            }
        }
        if (!pathway.isEmpty() && !PATHWAYS.contains(pathway)) {
            errors.add(new Error("pathway", "Pathway: “" + shown(pathway) + "” is not a pathway. Choose one of "
                    + PATHWAYS.stream().sorted().collect(Collectors.joining(", ")) + "."));
        }
        return new ReportFilter(from, to, agency, type, pathway, fromDate, toDate, agencyId, agencyName, eventType, List.copyOf(errors));
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** The filters as a query string (for the CSV links), with the period made explicit. */
    public String query() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("from", fromDate == null ? from : fromDate.toString());
        params.put("to", toDate == null ? to : toDate.toString());
        params.put("agency", agency);
        params.put("type", type);
        params.put("pathway", pathway);
        return params.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** "1 Mar 2019 – 31 Mar 2019, Eastside…, all event types": what the figures cover, in words. */
    public String scope() {
        String period = fromDate + " to " + toDate;
        return period + "; " + (agencyName == null ? "all agencies" : agencyName) + "; "
                + (eventType == null ? "all event types" : eventType.title) + "; "
                + (pathway.isEmpty() ? "all pathways" : pathway.replace('_', ' ') + " pathway");
    }

    private static LocalDate date(String value, String field, String label, List<Error> errors) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new Error(field, label + ": “" + shown(value) + "” is not a date (YYYY-MM-DD)."));
            return null;
        }
    }

    private static String clean(String value) {
        return value == null ? "" : value.strip();
    }

    private static String shown(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
