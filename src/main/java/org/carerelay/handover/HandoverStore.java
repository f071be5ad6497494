package org.carerelay.handover;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.sql.Row;

/**
 * The handover feature's SQL for the tables written by hand beside the {@link Handover} entity: action items and
 * first contacts (queries are in {@link HandoverQueryStore}). Every row is read by column name into a record.
 */
@ApplicationScoped
public class HandoverStore {

    /** An action item as the handover page shows it. */
    record ItemRow(long id, int position, String description, int windowHours, Instant dueAt, long responsibleAgencyId,
            ActionItemState state, String outcome, String note, String completedBy, Instant completedAt, Instant escalatedAt) {

        static ItemRow of(Row r) {
            return new ItemRow(r.id("id"), r.integer("position"), r.text("description"), r.integer("window_hours"), r.instant("due_at"),
                    r.id("responsible_agency_id"), ActionItemState.of(r.text("state")), r.text("outcome"), r.text("note"),
                    r.text("completed_by"), r.instant("completed_at"), r.instant("escalated_at"));
        }
    }

    /** An action item locked for completion. */
    record LockedItem(long id, long responsibleAgencyId, ActionItemState state, String description) {
    }

    record ContactRow(Instant contactedAt, String method, String recordedBy, long agencyId, String note) {
    }

    /** An action item this run escalated. */
    record EscalatedItem(long id, Long clientId, Instant dueAt) {
    }

    /** An action item as the partner API's answer lists it. */
    public record ItemReceiptRow(long id, String description, int windowHours, Instant dueAt, String responsibleAgency) {
    }

    /** A delivery of the handover's event as the partner API's answer lists it. */
    public record DeliveryReceiptRow(long id, String agency, Instant dueAt, DeliveryState state, boolean minimumNotice) {
    }

    @Inject
    EntityManager em;

    /** The version that corrected this one, if any. */
    Optional<Long> successorId(long handoverId) {
        return em.createQuery("select h.id from Handover h where h.previousId = :id", Long.class).setParameter("id", handoverId)
                .getResultStream().findFirst();
    }

    void addActionItem(long handoverId, int position, HandoverDocument.ActionItem item, Instant dueAt, long responsibleAgencyId) {
        em.createNativeQuery("""
                INSERT INTO handover_action_item (handover_id, position, description, window_hours, due_at, responsible_agency_id)
                VALUES (:h, :pos, :d, :w, :due, :agency)""")
                .setParameter("h", handoverId).setParameter("pos", position).setParameter("d", item.description())
                .setParameter("w", item.windowHours()).setParameter("due", dueAt).setParameter("agency", responsibleAgencyId)
                .executeUpdate();
    }

    /** The version's action items, soonest due first. */
    List<ItemRow> items(long handoverId) {
        return Row.all(Row.query(em, """
                SELECT i.id, i.position, i.description, i.window_hours, i.due_at, i.responsible_agency_id, i.state, i.outcome,
                       i.note, i.completed_by, i.completed_at, i.escalated_at
                FROM handover_action_item i WHERE i.handover_id = :h ORDER BY i.due_at, i.position""")
                .setParameter("h", handoverId)).stream().map(ItemRow::of).toList();
    }

    /** The item of this handover, locked until the transaction ends (no row limit: it would go after FOR UPDATE). */
    Optional<LockedItem> lockItem(long handoverId, long itemId) {
        return Row.all(Row.query(em, """
                SELECT id, responsible_agency_id, state, description FROM handover_action_item
                WHERE id = :i AND handover_id = :h FOR UPDATE""").setParameter("i", itemId).setParameter("h", handoverId))
                .stream().findFirst().map(r -> new LockedItem(r.id("id"), r.id("responsible_agency_id"), ActionItemState.of(r.text("state")),
                        r.text("description")));
    }

    void completeItem(long itemId, ActionItemOutcome outcome, String note, String username, Instant now) {
        em.createNativeQuery("""
                UPDATE handover_action_item SET state = :completed, outcome = :o, note = :n, completed_by = :u, completed_at = :now
                WHERE id = :i""").setParameter("completed", ActionItemState.COMPLETED.code).setParameter("o", outcome.code)
                .setParameter("n", note).setParameter("u", username).setParameter("now", now).setParameter("i", itemId).executeUpdate();
    }

    void addFirstContact(long handoverId, long agencyId, Instant at, String username, String method, String note) {
        em.createNativeQuery("""
                INSERT INTO handover_first_contact (handover_id, agency_id, contacted_at, recorded_by, method, note)
                VALUES (:h, :a, :at, :u, :m, :n)""").setParameter("h", handoverId).setParameter("a", agencyId)
                .setParameter("at", at).setParameter("u", username).setParameter("m", method).setParameter("n", note)
                .executeUpdate();
    }

    /** First contacts recorded on the version, earliest first. */
    List<ContactRow> contacts(long handoverId) {
        return Row.all(Row.query(em, """
                SELECT f.contacted_at, f.method, f.recorded_by, f.agency_id, f.note FROM handover_first_contact f
                WHERE f.handover_id = :h ORDER BY f.contacted_at""").setParameter("h", handoverId)).stream()
                .map(r -> new ContactRow(r.instant("contacted_at"), r.text("method"), r.text("recorded_by"), r.id("agency_id"),
                        r.text("note")))
                .toList();
    }

    /**
     * Sets {@code escalated_at} on up to {@code batch} open items of submitted versions past due at {@code now}, skipping
     * rows another run holds, and returns them. The literals 'open' and 'submitted' stay in the SQL: the partial index
     * {@code handover_action_item_open} is chosen only for a literal state.
     */
    List<EscalatedItem> escalateOverdue(Instant now, int batch) {
        return Row.all(Row.query(em, """
                WITH overdue AS (
                    SELECT i.id FROM handover_action_item i
                    WHERE i.state = 'open' AND i.escalated_at IS NULL AND i.due_at < :now
                      AND EXISTS (SELECT 1 FROM handover h WHERE h.id = i.handover_id AND h.status = 'submitted')
                    ORDER BY i.due_at, i.id
                    LIMIT :batch
                    FOR UPDATE SKIP LOCKED
                ), escalated AS (
                    UPDATE handover_action_item i SET escalated_at = :now
                    FROM overdue o
                    WHERE i.id = o.id AND i.state = 'open' AND i.escalated_at IS NULL
                    RETURNING i.id, i.handover_id, i.due_at
                )
                SELECT x.id, h.client_id, x.due_at FROM escalated x JOIN handover h ON h.id = x.handover_id
                ORDER BY x.due_at, x.id""")
                .setParameter("now", now).setParameter("batch", batch)).stream()
                .map(r -> new EscalatedItem(r.id("id"), r.nullableNumber("client_id"), r.instant("due_at"))).toList();
    }

    /** Open items of the agency's current versions past due or escalated, most overdue first. */
    List<HandoverItemEscalation.OverdueAction> overdueFor(long agencyId, Instant now, int limit) {
        return Row.all(Row.query(em, """
                SELECT i.id AS item_id, h.id AS handover_id, h.client_id, c.given_name, c.family_name, i.description, i.due_at,
                       i.escalated_at
                FROM handover_action_item i JOIN handover h ON h.id = i.handover_id JOIN client c ON c.id = h.client_id
                WHERE i.responsible_agency_id = :a AND i.state = 'open' AND h.status = 'submitted'
                  AND (i.due_at < :now OR i.escalated_at IS NOT NULL)
                ORDER BY i.due_at, i.id LIMIT :limit""")
                .setParameter("a", agencyId).setParameter("now", now).setParameter("limit", limit)).stream()
                .map(r -> new HandoverItemEscalation.OverdueAction(r.id("item_id"), r.id("handover_id"), r.id("client_id"),
                        r.text("given_name") + " " + r.text("family_name"), r.text("description"), r.instant("due_at"),
                        r.instant("escalated_at")))
                .toList();
    }

    /** The version's action items with the slug of each responsible agency, in the order given. */
    public List<ItemReceiptRow> itemReceipts(long handoverId) {
        return Row.all(Row.query(em, """
                SELECT i.id, i.description, i.window_hours, i.due_at, a.slug FROM handover_action_item i
                JOIN agency a ON a.id = i.responsible_agency_id WHERE i.handover_id = :h ORDER BY i.position""")
                .setParameter("h", handoverId)).stream()
                .map(r -> new ItemReceiptRow(r.id("id"), r.text("description"), r.integer("window_hours"), r.instant("due_at"),
                        r.text("slug")))
                .toList();
    }

    /** Every delivery of the handover's event, in the order they were made. */
    public List<DeliveryReceiptRow> deliveryReceipts(long eventId) {
        return Row.all(Row.query(em, """
                SELECT d.id, a.slug, d.due_at, d.state, d.minimum_notice FROM delivery d
                JOIN agency a ON a.id = d.recipient_agency_id WHERE d.event_id = :e ORDER BY d.id""")
                .setParameter("e", eventId)).stream()
                .map(r -> new DeliveryReceiptRow(r.id("id"), r.text("slug"), r.instant("due_at"),
                        DeliveryState.of(r.text("state")).orElseThrow(), r.bool("minimum_notice")))
                .toList();
    }
}
