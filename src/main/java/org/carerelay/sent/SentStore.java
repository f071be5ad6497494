package org.carerelay.sent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.sql.Row;
import org.carerelay.sql.SqlValues;

/** The Sent page's reads: a keyset page of an agency's sent events, and every delivery of those events. */
@ApplicationScoped
public class SentStore {

    record EventRow(long id, long clientId, String givenName, String familyName, String title, String urgency,
            Instant occurredAt, Instant receivedAt) {

        static EventRow of(Row r) {
            return new EventRow(r.id("id"), r.id("client_id"), r.text("given_name"), r.text("family_name"), r.text("title"),
                    r.text("urgency"), r.instant("occurred_at"), r.instant("received_at"));
        }
    }

    record DeliveryRow(long eventId, long id, String agency, DeliveryState state, String ownerUsername, String ownerName,
            Instant dueAt, Instant escalatedAt, String outcome, String outcomeReason, Instant createdAt, Instant acknowledgedAt,
            Instant completedAt) {

        static DeliveryRow of(Row r) {
            return new DeliveryRow(r.id("event_id"), r.id("id"), r.text("agency"), DeliveryState.of(r.text("state")).orElseThrow(),
                    r.text("owner_username"), r.text("owner_name"), r.instant("due_at"), r.instant("escalated_at"),
                    r.text("outcome"), r.text("outcome_reason"), r.instant("created_at"), r.instant("acknowledged_at"),
                    r.instant("completed_at"));
        }
    }

    @Inject
    EntityManager em;

    /** Up to {@code limit} events the agency sent before {@code from} (null: the newest), newest first. */
    List<EventRow> events(long agencyId, SentEvents.Position from, int limit) {
        String select = """
                SELECT e.id, e.client_id, c.given_name, c.family_name, t.title, e.urgency, e.occurred_at, e.received_at
                FROM shared_event e
                JOIN client c ON c.id = e.client_id
                JOIN event_type t ON t.id = e.event_type_id
                WHERE e.source_agency_id = :a""";
        String order = " ORDER BY e.received_at DESC, e.id DESC LIMIT :limit";
        var query = from == null ? Row.query(em, select + order)
                : Row.query(em, select + " AND (e.received_at, e.id) < (:at, :id)" + order)
                        .setParameter("at", from.at()).setParameter("id", from.id());
        return Row.all(query.setParameter("a", agencyId).setParameter("limit", limit)).stream().map(EventRow::of).toList();
    }

    /** Every delivery of the events, by event, then recipient agency name. */
    List<DeliveryRow> deliveries(List<Long> eventIds) {
        if (eventIds.isEmpty()) {
            return List.of();
        }
        return Row.all(Row.query(em, """
                SELECT d.event_id, d.id, a.name AS agency, d.state, d.owner_username, s.display_name AS owner_name, d.due_at,
                       d.escalated_at, d.outcome, d.outcome_reason, d.created_at, d.acknowledged_at, d.completed_at
                FROM delivery d
                JOIN agency a ON a.id = d.recipient_agency_id
                LEFT JOIN staff_member s ON s.username = d.owner_username AND s.agency_id = d.recipient_agency_id
                WHERE d.event_id = ANY(CAST(:ids AS BIGINT[]))
                ORDER BY d.event_id, a.name, d.id""")
                .setParameter("ids", SqlValues.arrayLiteral(eventIds))).stream().map(DeliveryRow::of).toList();
    }

    /** How many agencies received the event, if the agency sent it (empty otherwise). */
    Optional<Long> recipientCount(long agencyId, long eventId) {
        return Row.first(Row.query(em, """
                SELECT (SELECT count(DISTINCT d.recipient_agency_id) FROM delivery d WHERE d.event_id = e.id) AS recipients
                FROM shared_event e WHERE e.id = :id AND e.source_agency_id = :a""")
                .setParameter("id", eventId).setParameter("a", agencyId)).map(r -> r.number("recipients"));
    }
}
