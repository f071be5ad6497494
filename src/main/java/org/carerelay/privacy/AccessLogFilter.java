package org.carerelay.privacy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carerelay.audit.AuditAction;
import org.carerelay.audit.AuditOutcome;
import org.carerelay.web.ProblemException.FieldError;

/**
 * The access log's filters as typed in (kept for the form) and as parsed. A value that does not
 * parse becomes an error naming its field, and the log then shows nothing rather than guessing.
 */
public record AccessLogFilter(String user, String client, String action, String from, String to, String outcome,
        String before, Long clientId, LocalDate fromDate, LocalDate toDate, Long beforeId, List<FieldError> errors) {

    public static final List<String> ACTIONS = java.util.Arrays.stream(AuditAction.values()).map(a -> a.code).toList();
    public static final List<String> OUTCOMES = AuditOutcome.codes();

    public static AccessLogFilter parse(String user, String client, String action, String from, String to, String outcome,
            String before) {
        user = clean(user);
        client = clean(client);
        action = clean(action);
        from = clean(from);
        to = clean(to);
        outcome = clean(outcome);
        before = clean(before);
        List<FieldError> errors = new ArrayList<>();
        if (user.length() > 100) {
            errors.add(new FieldError("user", "User: a username has at most 100 characters."));
        }
        Long clientId = number(client, "client", "Client id", errors);
        if (!action.isEmpty() && !ACTIONS.contains(action)) {
            errors.add(new FieldError("action", "Action: “" + shown(action) + "” is not an action. Choose one of "
                    + String.join(", ", ACTIONS) + "."));
        }
        LocalDate fromDate = date(from, "from", "From date", errors);
        LocalDate toDate = date(to, "to", "To date", errors);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            errors.add(new FieldError("to", "To date: it is before the from date."));
        }
        if (!outcome.isEmpty() && !OUTCOMES.contains(outcome)) {
            errors.add(new FieldError("outcome", "Outcome: “" + shown(outcome) + "” is not an outcome. Choose allowed or denied."));
        }
        Long beforeId = number(before, "before", "Page position (before)", errors);
        return new AccessLogFilter(user, client, action, from, to, outcome, before, clientId, fromDate, toDate, beforeId,
                List.copyOf(errors));
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    public boolean any() {
        return !(user.isEmpty() && client.isEmpty() && action.isEmpty() && from.isEmpty() && to.isEmpty() && outcome.isEmpty());
    }

    /** The start of the from date in the network's time zone. */
    Instant fromInstant() {
        return fromDate == null ? null : fromDate.atStartOfDay(Officers.ZONE).toInstant();
    }

    /** The end (exclusive) of the to date: the whole day is included. */
    Instant toInstant() {
        return toDate == null ? null : toDate.plusDays(1).atStartOfDay(Officers.ZONE).toInstant();
    }

    /** The filters (not the page position) as a query string, for the CSV link and the next page. */
    public String query() {
        return query(null);
    }

    public String query(Long beforeNext) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", user);
        params.put("client", client);
        params.put("action", action);
        params.put("from", from);
        params.put("to", to);
        params.put("outcome", outcome);
        if (beforeNext != null) {
            params.put("before", String.valueOf(beforeNext));
        }
        return params.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** For the audit entry: which filters were applied. */
    String describe() {
        String applied = query();
        return applied.isEmpty() ? "no filters" : "filters " + applied;
    }

    /** A bad value as quoted back in a message: never more than 40 characters of it. */
    private static String shown(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static String clean(String value) {
        return value == null ? "" : value.trim();
    }

    private static Long number(String value, String field, String label, List<FieldError> errors) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, label + ": “" + shown(value) + "” is not a number. Use the number only, e.g. 1042."));
        return null;
    }

    private static LocalDate date(String value, String field, String label, List<FieldError> errors) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, label + ": “" + shown(value) + "” is not a date. Use YYYY-MM-DD, e.g. 2026-11-25."));
            return null;
        }
    }
}
