package org.carerelay.sent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    SentStore store;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** The agency's sent events before the cursor (null: the newest), audited as one list view. */
    @Transactional
    public Page page(long agencyId, String before) {
        Instant now = clock.instant();
        Position from = before == null || before.isBlank() ? null : decode(before);
        List<SentStore.EventRow> rows = store.events(agencyId, from, PAGE_SIZE + 1);
        boolean more = rows.size() > PAGE_SIZE;
        if (more) {
            rows = rows.subList(0, PAGE_SIZE);
        }
        Map<Long, List<Recipient>> recipients = recipients(rows.stream().map(SentStore.EventRow::id).toList(), now);
        List<SentEvent> events = new ArrayList<>();
        for (SentStore.EventRow r : rows) {
            events.add(new SentEvent(r.id(), r.clientId(), r.givenName() + " " + r.familyName(), r.title(), r.urgency(),
                    r.occurredAt(), r.receivedAt(), recipients.getOrDefault(r.id(), List.of())));
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
        return store.recipientCount(agencyId, eventId);
    }

    private Map<Long, List<Recipient>> recipients(List<Long> eventIds, Instant now) {
        Map<Long, List<Recipient>> byEvent = new LinkedHashMap<>();
        for (SentStore.DeliveryRow r : store.deliveries(eventIds)) {
            String owner = r.ownerUsername() == null ? null
                    : r.ownerName() == null ? r.ownerUsername() : r.ownerName() + " (" + r.ownerUsername() + ")";
            boolean overdue = r.state() != DeliveryState.COMPLETED && now.isAfter(r.dueAt());
            byEvent.computeIfAbsent(r.eventId(), k -> new ArrayList<>()).add(new Recipient(r.id(), r.agency(), r.state().code,
                    owner, r.dueAt(), overdue, r.escalatedAt(), r.outcome(), r.outcomeReason(),
                    between(r.createdAt(), r.acknowledgedAt()), between(r.createdAt(), r.completedAt())));
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
