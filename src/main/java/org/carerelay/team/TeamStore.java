package org.carerelay.team;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.sql.Row;

/** The Team page's reads: the agency's overdue or escalated open deliveries, open work per owner and state, one delivery's title. */
@ApplicationScoped
public class TeamStore {

    /** An open delivery past due or escalated; {@code total} is how many there are in all (the page shows at most the limit). */
    record AttentionRow(long id, long clientId, String givenName, String familyName, String title, String urgency, DeliveryState state,
            String owner, String ownerName, Instant dueAt, Instant escalatedAt, int version, long total) {

        static AttentionRow of(Row r) {
            return new AttentionRow(r.id("id"), r.id("client_id"), r.text("given_name"), r.text("family_name"), r.text("title"),
                    r.text("urgency"), DeliveryState.of(r.text("state")).orElseThrow(), r.text("owner_username"), r.text("owner_name"),
                    r.instant("due_at"), r.instant("escalated_at"), r.integer("version"), r.number("total"));
        }
    }

    /** How many open deliveries one owner (null: the team queue) has in one state, and how many of them are overdue. */
    record LoadRow(String owner, String ownerName, DeliveryState state, long count, long overdue) {

        static LoadRow of(Row r) {
            return new LoadRow(r.text("owner_username"), r.text("owner_name"), DeliveryState.of(r.text("state")).orElseThrow(),
                    r.number("deliveries"), r.number("overdue"));
        }
    }

    @Inject
    EntityManager em;

    /** Open deliveries of the agency past due or escalated, most overdue first, at most {@code limit}. */
    List<AttentionRow> attention(long agencyId, Instant now, int limit) {
        return Row.all(Row.query(em, """
                SELECT d.id, d.client_id, c.given_name, c.family_name, t.title, d.urgency, d.state, d.owner_username,
                       s.display_name AS owner_name, d.due_at, d.escalated_at, d.version, count(*) OVER () AS total
                FROM delivery d
                JOIN shared_event e ON e.id = d.event_id
                JOIN event_type t ON t.id = e.event_type_id
                JOIN client c ON c.id = d.client_id
                LEFT JOIN staff_member s ON s.username = d.owner_username AND s.agency_id = d.recipient_agency_id
                WHERE d.recipient_agency_id = :a AND d.state <> 'completed'
                  AND (d.due_at < :now OR d.escalated_at IS NOT NULL)
                ORDER BY d.due_at, d.id
                LIMIT :limit""")
                .setParameter("a", agencyId).setParameter("now", now).setParameter("limit", limit)).stream().map(AttentionRow::of).toList();
    }

    /** The agency's open deliveries counted by owner and state. */
    List<LoadRow> load(long agencyId, Instant now) {
        return Row.all(Row.query(em, """
                SELECT d.owner_username, min(s.display_name) AS owner_name, d.state, count(*) AS deliveries,
                       count(*) FILTER (WHERE d.due_at < :now) AS overdue
                FROM delivery d
                LEFT JOIN staff_member s ON s.username = d.owner_username AND s.agency_id = d.recipient_agency_id
                WHERE d.recipient_agency_id = :a AND d.state <> 'completed'
                GROUP BY d.owner_username, d.state""")
                .setParameter("a", agencyId).setParameter("now", now)).stream().map(LoadRow::of).toList();
    }

    /** "Symptom deterioration reported about Ada Smith", if the delivery is the agency's. */
    Optional<String> describe(long deliveryId, long agencyId) {
        return Row.first(Row.query(em, """
                SELECT t.title, c.given_name, c.family_name FROM delivery d
                JOIN shared_event e ON e.id = d.event_id JOIN event_type t ON t.id = e.event_type_id
                JOIN client c ON c.id = d.client_id
                WHERE d.id = :id AND d.recipient_agency_id = :a""")
                .setParameter("id", deliveryId).setParameter("a", agencyId))
                .map(r -> r.text("title") + " about " + r.text("given_name") + " " + r.text("family_name"));
    }
}
