package org.carerelay.worklist;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.carerelay.catalogue.Urgency;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.web.ProblemException.FieldError;

/**
 * What the worklist shows: state (open by default), urgency, type, owner (me / unassigned /
 * anyone), overdue or due today, a client search, what arrived since a time (the live notice's
 * "Show them"), and the keyset cursor of the page.
 */
public record WorklistFilter(String state, String urgency, String type, String owner, String due, String query, Instant arrivedSince,
        String after) {

    /** The state filter's default: every delivery not yet completed. */
    static final String OPEN = "open";
    static final String OWNER_ANYONE = "anyone";
    static final String OWNER_ME = "me";
    static final String OWNER_UNASSIGNED = "unassigned";
    static final String DUE_ANY = "any";
    static final String DUE_OVERDUE = "overdue";
    static final String DUE_TODAY = "today";

    static final List<String> STATES = Stream.concat(Stream.of(OPEN), Arrays.stream(DeliveryState.values()).map(s -> s.code)).toList();
    static final List<String> OWNERS = List.of(OWNER_ANYONE, OWNER_ME, OWNER_UNASSIGNED);
    static final List<String> DUE = List.of(DUE_ANY, DUE_OVERDUE, DUE_TODAY);

    public static WorklistFilter defaults() {
        return new WorklistFilter(OPEN, "", "", OWNER_ANYONE, DUE_ANY, "", null, null);
    }

    /** Reads query parameters, naming every value it cannot use. */
    public static WorklistFilter parse(String state, String urgency, String type, String owner, String due, String query, String arrived,
            String after, List<FieldError> errors) {
        String s = blank(state) ? OPEN : state;
        if (!STATES.contains(s)) {
            errors.add(new FieldError("state", "Choose open, new, acknowledged, in progress or completed."));
            s = OPEN;
        }
        String u = blank(urgency) ? "" : urgency;
        if (!u.isEmpty() && Urgency.of(u).isEmpty()) {
            errors.add(new FieldError("urgency", "Unknown urgency."));
            u = "";
        }
        String t = blank(type) ? "" : type;
        if (!t.isEmpty() && !t.matches("[A-Z_]{3,64}")) {
            errors.add(new FieldError("type", "Unknown event type."));
            t = "";
        }
        String o = blank(owner) ? OWNER_ANYONE : owner;
        if (!OWNERS.contains(o)) {
            errors.add(new FieldError("owner", "Choose anyone, me or unassigned."));
            o = OWNER_ANYONE;
        }
        String d = blank(due) ? DUE_ANY : due;
        if (!DUE.contains(d)) {
            errors.add(new FieldError("due", "Choose any, overdue or due today."));
            d = DUE_ANY;
        }
        String q = blank(query) ? "" : query.trim();
        if (q.length() > 100) {
            errors.add(new FieldError("q", "Search for at most 100 characters."));
            q = "";
        }
        Instant arrivedSince = null;
        if (!blank(arrived)) {
            try {
                arrivedSince = Instant.parse(arrived.trim());
            } catch (java.time.format.DateTimeParseException e) {
                errors.add(new FieldError("arrived", "That link to new arrivals is not valid; showing everything open."));
            }
        }
        String a = blank(after) ? null : after;
        if (a != null && Cursor.decode(a) == null) {
            errors.add(new FieldError("after", "That page link is no longer valid; start from the first page."));
            a = null;
        }
        return new WorklistFilter(s, u, t, o, d, q, arrivedSince, a);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    public List<String> stateOptions() {
        return STATES;
    }

    public List<String> urgencyOptions() {
        return Arrays.stream(Urgency.values()).map(u -> u.code).toList();
    }

    public List<String> ownerOptions() {
        return OWNERS;
    }

    public List<String> dueOptions() {
        return DUE;
    }

    /** Every delivery not yet completed (the default). */
    public boolean open() {
        return OPEN.equals(state);
    }

    public boolean completed() {
        return DeliveryState.COMPLETED.code.equals(state);
    }

    /** The query string of this filter, for links (paging, buckets). */
    public String queryString(String afterCursor) {
        List<String> parts = new ArrayList<>();
        add(parts, "state", state, OPEN);
        add(parts, "urgency", urgency, "");
        add(parts, "type", type, "");
        add(parts, "owner", owner, OWNER_ANYONE);
        add(parts, "due", due, DUE_ANY);
        add(parts, "q", query, "");
        if (arrivedSince != null) {
            parts.add("arrived=" + arrivedSince);
        }
        if (afterCursor != null) {
            parts.add("after=" + afterCursor);
        }
        return String.join("&", parts);
    }

    private static void add(List<String> parts, String name, String value, String dflt) {
        if (value != null && !value.equals(dflt)) {
            parts.add(name + "=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    /** Position after the last row of a page: (urgency rank, due or completion time, id). */
    public record Cursor(int rank, Instant at, long id) {
        public String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((rank + "~" + at + "~" + id).getBytes(StandardCharsets.US_ASCII));
        }

        public static Cursor decode(String text) {
            try {
                String[] p = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split("~");
                return new Cursor(Integer.parseInt(p[0]), Instant.parse(p[1]), Long.parseLong(p[2]));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
