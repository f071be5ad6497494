package org.carerelay.deliveries;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import org.carerelay.sql.Row;

/** The deliveries' own SQL: the partner feed's page, the escalation batch and the notes a team writes on a delivery. */
@ApplicationScoped
public class DeliveryStore {

    /** One delivery of the partner feed, with the transaction id that orders it. */
    record FeedRow(long id, long eventId, String type, int typeVersion, String sourceAgency, String urgency, String state,
            Instant createdAt, Instant dueAt, boolean minimumNotice, String createdTxid) {

        static FeedRow of(Row r) {
            return new FeedRow(r.id("id"), r.id("event_id"), r.text("type_code"), r.integer("type_version"), r.text("source_agency"),
                    r.text("urgency"), r.text("state"), r.instant("created_at"), r.instant("due_at"), r.bool("minimum_notice"),
                    r.text("created_txid"));
        }
    }

    @Inject
    EntityManager em;

    /**
     * Up to {@code limit} of the agency's deliveries after (txid, id), in (creating transaction, id) order, and only those
     * created by transactions older than every transaction still in flight (see {@link DeliveryFeed}).
     */
    List<FeedRow> feed(long agencyId, String txid, long id, int limit) {
        return Row.all(Row.query(em, """
                SELECT d.id, d.event_id, t.code AS type_code, t.version AS type_version, a.slug AS source_agency, d.urgency, d.state,
                       d.created_at, d.due_at, d.minimum_notice, d.created_txid::text AS created_txid
                FROM delivery d
                JOIN shared_event e ON e.id = d.event_id
                JOIN event_type t ON t.id = e.event_type_id
                JOIN agency a ON a.id = e.source_agency_id
                WHERE d.recipient_agency_id = :agency
                  AND (d.created_txid, d.id) > (CAST(:txid AS xid8), :id)
                  AND d.created_txid < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY d.created_txid, d.id
                LIMIT :limit""")
                .setParameter("agency", agencyId).setParameter("txid", txid).setParameter("id", id)
                .setParameter("limit", limit)).stream().map(FeedRow::of).toList();
    }

    /**
     * Escalates up to {@code batch} open, unescalated deliveries due before {@code now} that nobody else holds (one statement:
     * lock, set escalated_at, record the "escalate" transition), and returns them most overdue first.
     */
    List<EscalationJob.Escalated> escalateOverdue(Instant now, int batch, String actor) {
        return Row.all(Row.query(em, """
                WITH overdue AS (
                    SELECT d.id FROM delivery d
                    WHERE d.state <> 'completed' AND d.escalated_at IS NULL AND d.due_at < :now
                    ORDER BY d.due_at, d.id
                    LIMIT :batch
                    FOR UPDATE SKIP LOCKED
                ), escalated AS (
                    UPDATE delivery d SET escalated_at = :now
                    FROM overdue o
                    WHERE d.id = o.id AND d.state <> 'completed' AND d.escalated_at IS NULL
                    RETURNING d.id, d.client_id, d.recipient_agency_id, d.event_id, d.state, d.due_at
                ), recorded AS (
                    INSERT INTO delivery_transition (delivery_id, from_state, to_state, action, actor, actor_agency_id, at, reason)
                    SELECT x.id, x.state, x.state, 'escalate', :actor, x.recipient_agency_id, :now,
                           'overdue since ' || to_char(x.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                    FROM escalated x
                    RETURNING delivery_id
                )
                SELECT x.id, x.client_id, x.recipient_agency_id, e.source_agency_id, x.due_at
                FROM escalated x JOIN shared_event e ON e.id = x.event_id
                ORDER BY x.due_at, x.id""")
                .setParameter("now", now).setParameter("batch", batch).setParameter("actor", actor)).stream()
                .map(r -> new EscalationJob.Escalated(r.id("id"), r.id("client_id"), r.id("recipient_agency_id"), r.id("source_agency_id"),
                        r.instant("due_at")))
                .toList();
    }

    /** A note by a person of the recipient agency on the delivery. */
    void addNote(long deliveryId, String author, long agencyId, Instant at, String text) {
        em.createNativeQuery("INSERT INTO delivery_note (delivery_id, author, agency_id, at, text) VALUES (:d, :a, :g, :at, :t)")
                .setParameter("d", deliveryId).setParameter("a", author).setParameter("g", agencyId)
                .setParameter("at", at).setParameter("t", text).executeUpdate();
    }
}
