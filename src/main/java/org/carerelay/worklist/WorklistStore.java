package org.carerelay.worklist;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.sql.Row;
import org.carerelay.sql.SqlValues;

/**
 * The worklist's reads: a keyset page of an agency's deliveries (along the delivery_worklist index, or by completion
 * time), one delivery, the bucket counts, the latest note of each delivery and the next handover action of each event.
 */
@ApplicationScoped
public class WorklistStore {

    /** One delivery as the worklist lists it. */
    record Line(long id, int version, long clientId, String clientName, String typeCode, String title, String meaning,
            long sourceAgencyId, Instant createdAt, Instant dueAt, String urgency, DeliveryState state, String owner, String outcome,
            int urgencyRank, Instant completedAt, long eventId, long recipientAgencyId, boolean awaitingIdentityCheck) {

        static Line of(Row r) {
            return new Line(r.id("id"), r.integer("version"), r.id("client_id"), r.text("client_name"), r.text("type_code"),
                    r.text("title"), r.text("meaning"), r.id("source_agency_id"), r.instant("created_at"), r.instant("due_at"),
                    r.text("urgency"), DeliveryState.of(r.text("state")).orElseThrow(), r.text("owner_username"), r.text("outcome"),
                    r.integer("urgency_rank"), r.instant("completed_at"), r.id("event_id"), r.id("recipient_agency_id"),
                    r.bool("awaiting_identity_check"));
        }
    }

    /** A handover delivered with an event, and its next open action item for the recipient (both null when none is open). */
    record NextAction(long handoverId, String description, Instant dueAt) {
    }

    /** The bucket counts, each read from at most {@code cap} index entries. */
    record BucketCounts(long overdue, long dueToday, long fresh, long inProgress) {
    }

    static final String SELECT = """
            SELECT d.id, d.version, d.client_id, c.given_name || ' ' || c.family_name AS client_name, t.code AS type_code, t.title,
                   t.meaning, e.source_agency_id, d.created_at, d.due_at, d.urgency, d.state, d.owner_username, d.outcome,
                   d.urgency_rank, d.completed_at, d.event_id, d.recipient_agency_id,
                   EXISTS (SELECT 1 FROM identity_exception x WHERE x.provisional_client_id = d.client_id AND x.status = 'open')
                       AS awaiting_identity_check
            FROM delivery d
            JOIN shared_event e ON e.id = d.event_id
            JOIN event_type t ON t.id = e.event_type_id
            JOIN client c ON c.id = d.client_id
            """;

    @Inject
    EntityManager em;

    /**
     * Up to {@code limit} deliveries of the agency that pass the filter, after the cursor (null: from the start). Open work
     * runs by (urgency rank, due time, id); completed work newest completion first.
     */
    List<Line> page(long agencyId, String username, WorklistFilter f, WorklistFilter.Cursor cursor, Instant now, Instant endOfDay,
            int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append("WHERE d.recipient_agency_id = :agency ");
        Map<String, Object> params = new HashMap<>();
        params.put("agency", agencyId);
        if (f.open()) {
            sql.append("AND d.state <> 'completed' ");
        } else if (f.completed()) {
            sql.append("AND d.state = 'completed' ");
        } else {
            sql.append("AND d.state <> 'completed' AND d.state = :state ");
            params.put("state", f.state());
        }
        if (!f.urgency().isEmpty()) {
            sql.append("AND d.urgency = :urgency ");
            params.put("urgency", f.urgency());
        }
        if (!f.type().isEmpty()) {
            sql.append("AND e.type_code = :type ");
            params.put("type", f.type());
        }
        if (f.owner().equals(WorklistFilter.OWNER_ME)) {
            sql.append("AND d.owner_username = :me ");
            params.put("me", username);
        } else if (f.owner().equals(WorklistFilter.OWNER_UNASSIGNED)) {
            sql.append("AND d.owner_username IS NULL ");
        }
        if (f.due().equals(WorklistFilter.DUE_OVERDUE)) {
            sql.append("AND d.due_at < :now ");
            params.put("now", now);
        } else if (f.due().equals(WorklistFilter.DUE_TODAY)) {
            sql.append("AND d.due_at >= :now AND d.due_at < :endOfDay ");
            params.put("now", now);
            params.put("endOfDay", endOfDay);
        }
        if (!f.query().isEmpty()) {
            sql.append("""
                    AND (lower(c.family_name) LIKE :prefix OR lower(c.given_name) LIKE :prefix
                         OR lower(c.given_name || ' ' || c.family_name) LIKE :prefix
                         OR EXISTS (SELECT 1 FROM client_identifier i WHERE i.client_id = c.id AND i.local_id = :exact)) """);
            params.put("prefix", f.query().toLowerCase().replace("%", "").replace("_", "") + "%");
            params.put("exact", f.query());
        }
        if (f.arrivedSince() != null) {
            sql.append("AND d.created_at > :arrived ");
            params.put("arrived", f.arrivedSince());
        }
        if (f.completed()) {
            if (cursor != null) {
                sql.append("AND (d.completed_at, d.id) < (:at, :id) ");
            }
            sql.append("ORDER BY d.completed_at DESC, d.id DESC ");
        } else {
            if (cursor != null) {
                sql.append("AND (d.urgency_rank, d.due_at, d.id) > (:rank, :at, :id) ");
                params.put("rank", (short) cursor.rank());
            }
            sql.append("ORDER BY d.urgency_rank, d.due_at, d.id ");
        }
        if (cursor != null) {
            params.put("at", cursor.at());
            params.put("id", cursor.id());
        }
        sql.append("LIMIT ").append(limit);
        Query query = Row.query(em, sql.toString());
        params.forEach(query::setParameter);
        return Row.all(query).stream().map(Line::of).toList();
    }

    /** One delivery, if it is the agency's. */
    List<Line> one(long agencyId, long deliveryId) {
        return Row.all(Row.query(em, SELECT + "WHERE d.id = :id AND d.recipient_agency_id = :agency")
                .setParameter("id", deliveryId).setParameter("agency", agencyId)).stream().map(Line::of).toList();
    }

    long arrivedSince(long agencyId, Instant since) {
        return Row.all(Row.query(em, "SELECT count(*) AS arrived FROM delivery WHERE recipient_agency_id = :a AND created_at > :since")
                .setParameter("a", agencyId).setParameter("since", since)).get(0).number("arrived");
    }

    /** Each count reads at most {@code cap} index entries (delivery_open_by_due, delivery_open_state). */
    BucketCounts counts(long agencyId, Instant now, Instant endOfDay, int cap) {
        Row c = Row.all(Row.query(em, """
                SELECT (SELECT count(*) FROM (SELECT 1 FROM delivery WHERE recipient_agency_id = :agency AND state <> 'completed'
                            AND due_at < :now LIMIT :cap) x) AS overdue,
                       (SELECT count(*) FROM (SELECT 1 FROM delivery WHERE recipient_agency_id = :agency AND state <> 'completed'
                            AND due_at >= :now AND due_at < :endOfDay LIMIT :cap) x) AS due_today,
                       (SELECT count(*) FROM (SELECT 1 FROM delivery WHERE recipient_agency_id = :agency AND state = 'new'
                            LIMIT :cap) x) AS fresh,
                       (SELECT count(*) FROM (SELECT 1 FROM delivery WHERE recipient_agency_id = :agency AND state = 'in_progress'
                            LIMIT :cap) x) AS in_progress""")
                .setParameter("agency", agencyId).setParameter("now", now).setParameter("endOfDay", endOfDay)
                .setParameter("cap", cap)).get(0);
        return new BucketCounts(c.number("overdue"), c.number("due_today"), c.number("fresh"), c.number("in_progress"));
    }

    /** For the events that came with a handover: the handover and its next open action item for the agency, by event id. */
    Map<Long, NextAction> nextHandoverActions(long agencyId, List<Long> eventIds) {
        Map<Long, NextAction> byEvent = new HashMap<>();
        if (eventIds.isEmpty()) {
            return byEvent;
        }
        Row.all(Row.query(em, """
                SELECT h.event_id, h.id AS handover_id,
                       (SELECT i.description FROM handover_action_item i WHERE i.handover_id = h.id AND i.state = 'open'
                          AND i.responsible_agency_id = :agency ORDER BY i.due_at, i.position LIMIT 1) AS description,
                       (SELECT i.due_at FROM handover_action_item i WHERE i.handover_id = h.id AND i.state = 'open'
                          AND i.responsible_agency_id = :agency ORDER BY i.due_at, i.position LIMIT 1) AS due_at
                FROM handover h WHERE h.event_id = ANY(CAST(:events AS BIGINT[]))""")
                .setParameter("agency", agencyId).setParameter("events", SqlValues.arrayLiteral(eventIds)))
                .forEach(r -> byEvent.put(r.id("event_id"), new NextAction(r.id("handover_id"), r.text("description"), r.instant("due_at"))));
        return byEvent;
    }

    /** The latest note of each delivery ("author: text"), by delivery id. */
    Map<Long, String> latestNotes(List<Long> deliveryIds) {
        Map<Long, String> notes = new HashMap<>();
        if (deliveryIds.isEmpty()) {
            return notes;
        }
        Row.all(Row.query(em, """
                SELECT DISTINCT ON (delivery_id) delivery_id, author || ': ' || text AS note FROM delivery_note
                WHERE delivery_id = ANY(CAST(:ids AS BIGINT[])) ORDER BY delivery_id, at DESC""")
                .setParameter("ids", SqlValues.arrayLiteral(deliveryIds))).forEach(r -> notes.put(r.id("delivery_id"), r.text("note")));
        return notes;
    }
}
