package org.carerelay.sent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.sql.SqlValues;
import org.carerelay.web.ProblemException;

/**
 * What an agency sent and where each event stands at every recipient: the source's side of the
 * closed loop. Two queries per page whatever its length: the page of events (newest first, keyset
 * paged on the shared_event_source index) and every delivery of those events.
 */
@ApplicationScoped
public class SentEvents {

    public static final int PAGE_SIZE = 25;
    private static final Pattern CURSOR = Pattern.compile("(-?\\d{1,19}):(\\d{1,19})");

    /** One recipient's delivery of a sent event. Durations are null until the step happened. */
    public record Recipient(long id, String agency, String state, String owner, Instant dueAt, boolean overdue,
            Instant escalatedAt, String outcome, String outcomeReason, Duration toAcknowledge, Duration toComplete) {

        /** How long past due (null when not overdue). */
        public Duration overdueBy(Instant now) {
            return overdue ? Duration.between(dueAt, now) : null;
        }

        public boolean completed() {
            return DeliveryState.COMPLETED.code.equals(state);
        }
    }

    public record SentEvent(long id, long clientId, String clientName, String title, String urgency, Instant occurredAt,
            Instant sentAt, List<Recipient> recipients) {
    }

    /** A page of events; {@code older} is the cursor of the next (older) page, or null on the last page. */
    public record Page(List<SentEvent> events, String older, boolean first) {
    }

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** The agency's sent events before the cursor (null: the newest), audited as one list view. */
    @Transactional
    public Page page(long agencyId, String before) {
        Instant now = clock.instant();
        Position from = before == null || before.isBlank() ? null : decode(before);
        List<Object[]> rows = events(agencyId, from);
        boolean more = rows.size() > PAGE_SIZE;
        if (more) {
            rows = rows.subList(0, PAGE_SIZE);
        }
        Map<Long, List<Recipient>> recipients = recipients(rows.stream().map(r -> SqlValues.id(r[0])).toList(), now);
        List<SentEvent> events = new ArrayList<>();
        for (Object[] r : rows) {
            long id = SqlValues.id(r[0]);
            events.add(new SentEvent(id, SqlValues.id(r[1]), r[2] + " " + r[3], (String) r[4], (String) r[5],
                    SqlValues.instant(r[6]), SqlValues.instant(r[7]), recipients.getOrDefault(id, List.of())));
        }
        String older = null;
        if (more) {
            SentEvent last = events.get(events.size() - 1);
            older = encode(last.sentAt(), last.id());
        }
        audit.record(AuditRecord.list("sent", Purpose.CARE_DELIVERY,
                events.size() + " sent events" + (from == null ? "" : " before event " + from.id())));
        return new Page(events, older, from == null);
    }

    /** How many agencies received the event, if the agency sent it (empty otherwise). */
    @Transactional
    public Optional<Long> recipientCount(long agencyId, long eventId) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("""
                SELECT (SELECT count(DISTINCT d.recipient_agency_id) FROM delivery d WHERE d.event_id = e.id)
                FROM shared_event e WHERE e.id = :id AND e.source_agency_id = :a""")
                .setParameter("id", eventId).setParameter("a", agencyId).getResultList();
        return rows.stream().findFirst().map(SqlValues::id);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> events(long agencyId, Position from) {
        String select = """
                SELECT e.id, e.client_id, c.given_name, c.family_name, t.title, e.urgency, e.occurred_at, e.received_at
                FROM shared_event e
                JOIN client c ON c.id = e.client_id
                JOIN event_type t ON t.id = e.event_type_id
                WHERE e.source_agency_id = :a""";
        String order = " ORDER BY e.received_at DESC, e.id DESC LIMIT :limit";
        var query = from == null ? em.createNativeQuery(select + order)
                : em.createNativeQuery(select + " AND (e.received_at, e.id) < (:at, :id)" + order)
                        .setParameter("at", from.at()).setParameter("id", from.id());
        return query.setParameter("a", agencyId).setParameter("limit", PAGE_SIZE + 1).getResultList();
    }

    @SuppressWarnings("unchecked")
    private Map<Long, List<Recipient>> recipients(List<Long> eventIds, Instant now) {
        Map<Long, List<Recipient>> byEvent = new LinkedHashMap<>();
        if (eventIds.isEmpty()) {
            return byEvent;
        }
        List<Object[]> rows = em.createNativeQuery("""
                SELECT d.event_id, d.id, a.name, d.state, d.owner_username, s.display_name, d.due_at, d.escalated_at,
                       d.outcome, d.outcome_reason, d.created_at, d.acknowledged_at, d.completed_at
                FROM delivery d
                JOIN agency a ON a.id = d.recipient_agency_id
                LEFT JOIN staff_member s ON s.username = d.owner_username AND s.agency_id = d.recipient_agency_id
                WHERE d.event_id = ANY(CAST(:ids AS BIGINT[]))
                ORDER BY d.event_id, a.name, d.id""")
                .setParameter("ids", SqlValues.arrayLiteral(eventIds)).getResultList();
        for (Object[] r : rows) {
            String state = (String) r[3];
            String owner = r[4] == null ? null : r[5] == null ? (String) r[4] : r[5] + " (" + r[4] + ")";
            Instant due = SqlValues.instant(r[6]);
            Instant created = SqlValues.instant(r[10]);
            Instant acknowledged = SqlValues.instant(r[11]);
            Instant completed = SqlValues.instant(r[12]);
            boolean overdue = !DeliveryState.COMPLETED.code.equals(state) && now.isAfter(due);
            byEvent.computeIfAbsent(SqlValues.id(r[0]), k -> new ArrayList<>()).add(new Recipient(SqlValues.id(r[1]),
                    (String) r[2], state, owner, due, overdue, SqlValues.instant(r[7]), (String) r[8], (String) r[9],
                    between(created, acknowledged), between(created, completed)));
        }
        return byEvent;
    }

    private static Duration between(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).isNegative() ? Duration.ZERO : Duration.between(from, to);
    }

    record Position(Instant at, long id) {
    }

    /** The cursor names the last event shown: its time in epoch microseconds and its id, base64url. */
    static String encode(Instant at, long id) {
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    static Position decode(String cursor) {
        try {
            Matcher m = CURSOR.matcher(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
            if (m.matches()) {
                long micros = Long.parseLong(m.group(1));
                return new Position(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L),
                        Long.parseLong(m.group(2)));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // reported below
        }
        throw ProblemException.invalid("This link to older sent events is not valid. Start again from the newest.",
                List.of(new ProblemException.FieldError("before", "not a valid position; use the \"Older events\" link")));
    }
}
