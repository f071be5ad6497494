package org.carerelay.fhir;

import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;
import org.hl7.fhir.r4.model.DateTimeType;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/**
 * The query string of one FHIR search, checked: every bad parameter is collected and refused at once
 * (400, one OperationOutcome issue each). Unknown parameters are ignored, as FHIR's lenient handling
 * says, unless the client sends {@code Prefer: handling=strict}.
 */
public final class SearchParams {

    public static final int DEFAULT_COUNT = 50;
    public static final int MAX_COUNT = 500;
    private static final Pattern DATE = Pattern.compile("(gt|ge|lt|le|eq)?(\\d{4}.*)");
    private static final Set<String> COMMON = Set.of("_count", "_cursor", "_format", "_pretty");

    /** A time range: from (inclusive) and before (exclusive), either open. */
    public record Range(Instant from, Instant before) {
    }

    private final MultivaluedMap<String, String> query;
    private final List<FieldError> errors = new ArrayList<>();

    public SearchParams(MultivaluedMap<String, String> query, Set<String> supported, String prefer) {
        this.query = query;
        if (prefer != null && prefer.replace(" ", "").toLowerCase().contains("handling=strict")) {
            query.keySet().stream().filter(name -> !supported.contains(name) && !COMMON.contains(name)).sorted()
                    .forEach(name -> errors.add(new FieldError(name, "this search parameter is not supported here; supported: "
                            + String.join(", ", supported.stream().sorted().toList()))));
        }
    }

    public Optional<String> first(String name) {
        String value = query.getFirst(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public int count() {
        Optional<String> value = first("_count");
        if (value.isEmpty()) {
            return DEFAULT_COUNT;
        }
        try {
            int count = Integer.parseInt(value.get());
            if (count >= 1 && count <= MAX_COUNT) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("_count", "a whole number from 1 to " + MAX_COUNT));
        return DEFAULT_COUNT;
    }

    /** The position after which the page starts (from a next link), or null for the first page. */
    public Long cursor() {
        Optional<String> value = first("_cursor");
        if (value.isEmpty()) {
            return null;
        }
        if (value.get().matches("\\d{1,18}")) {
            return Long.parseLong(value.get());
        }
        errors.add(new FieldError("_cursor", "not a cursor this server gave out: follow the Bundle's next link unchanged"));
        return null;
    }

    /** A reference to a resource of this type: {@code Type/id}, a bare id, or a full URL ending in Type/id. */
    public Optional<String> referenceId(String name, String type) {
        Optional<String> value = first(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        int at = v.lastIndexOf(type + "/");
        String id = at >= 0 ? v.substring(at + type.length() + 1) : v;
        if (id.matches("[A-Za-z0-9\\-.]{1,64}") && (at >= 0 || !v.contains("/"))) {
            return Optional.of(id);
        }
        errors.add(new FieldError(name, "must reference a " + type + ": " + type + "/{id}"));
        return Optional.empty();
    }

    public Optional<Long> longReference(String name, String type) {
        Optional<String> id = referenceId(name, type);
        if (id.isPresent() && !id.get().matches("\\d{1,18}")) {
            errors.add(new FieldError(name, "no " + type + " has the id " + id.get()));
            return Optional.empty();
        }
        return id.map(Long::parseLong);
    }

    public Optional<AgencyRef> organization(String name, AgencyDirectory agencies) {
        Optional<String> slug = referenceId(name, "Organization");
        if (slug.isPresent() && agencies.find(slug.get()).isEmpty()) {
            errors.add(new FieldError(name, "no Organization " + slug.get() + " on the CareRelay network"));
            return Optional.empty();
        }
        return slug.flatMap(agencies::find);
    }

    /** Comma-separated token values, each one of {@code allowed}. */
    public List<String> tokens(String name, Set<String> allowed) {
        List<String> values = new ArrayList<>();
        for (String value : query.getOrDefault(name, List.of())) {
            for (String token : value.split(",")) {
                String t = token.trim();
                if (allowed.contains(t)) {
                    values.add(t);
                } else if (!t.isEmpty()) {
                    errors.add(new FieldError(name, "'" + t + "' is not one of " + String.join(", ", allowed.stream().sorted().toList())));
                }
            }
        }
        return values;
    }

    /** A date search parameter (repeatable) with the prefixes eq (the default), gt, ge, lt, le, as FHIR defines them over the value's precision. */
    public Range range(String name) {
        Instant from = null;
        Instant before = null;
        for (String value : query.getOrDefault(name, List.of())) {
            Matcher m = DATE.matcher(value.trim());
            DateTimeType parsed = m.matches() ? parse(m.group(2)) : null;
            if (parsed == null) {
                errors.add(new FieldError(name, "a date or date-time (with a time zone) and an optional prefix eq, gt, ge, lt or le, e.g. gt2026-11-25T08:00:00Z"));
                continue;
            }
            Instant start = parsed.getValue().toInstant();
            Instant end = end(parsed, start);
            String prefix = m.group(1) == null ? "eq" : m.group(1);
            switch (prefix) {
                case "gt" -> from = later(from, end);
                case "ge" -> from = later(from, start);
                case "lt" -> before = earlier(before, start);
                case "le" -> before = earlier(before, end);
                default -> {
                    from = later(from, start);
                    before = earlier(before, end);
                }
            }
        }
        return new Range(from, before);
    }

    private static DateTimeType parse(String text) {
        try {
            DateTimeType value = new DateTimeType(text);
            boolean hasTime = value.getPrecision().ordinal() > TemporalPrecisionEnum.DAY.ordinal();
            if (hasTime && !text.matches(".*(Z|[+-]\\d{2}:\\d{2})") || value.getValue() == null) {
                return null;
            }
            if (!hasTime) {
                value.setTimeZoneZulu(true);
            }
            return value;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Instant end(DateTimeType value, Instant start) {
        return switch (value.getPrecision()) {
            case YEAR -> start.atZone(ZoneOffset.UTC).plusYears(1).toInstant();
            case MONTH -> start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
            case DAY -> start.plus(1, ChronoUnit.DAYS);
            case MINUTE -> start.plus(1, ChronoUnit.MINUTES);
            case SECOND -> start.plus(1, ChronoUnit.SECONDS);
            default -> start.plus(1, ChronoUnit.MILLIS);
        };
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /** Refuses the search if any parameter was bad: 400 naming each. */
    /**
     * The search of a client's records ({@code patient}, or {@code subject} where allowed), checked with the
     * other parameters: 400 without it.
     */
    public static long requiredPatient(MultivaluedMap<String, String> query, Set<String> supported, String prefer, String resourceType) {
        SearchParams params = new SearchParams(query, supported, prefer);
        Optional<Long> patient = params.longReference("patient", "Patient");
        if (patient.isEmpty() && supported.contains("subject")) {
            patient = params.longReference("subject", "Patient");
        }
        params.check();
        return patient.orElseThrow(() -> ProblemException.invalid("Search " + resourceType + " by client.",
                List.of(new FieldError("patient", "required: the client, e.g. patient=Patient/812"))));
    }

    public void check() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.size() == 1 ? "One search parameter is invalid." : errors.size() + " search parameters are invalid.",
                    errors);
        }
    }
}
