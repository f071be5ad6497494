package org.carerelay.partnerapi;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.carerelay.handover.Handover;
import org.carerelay.sql.SqlValues;

/** The answer to a submitted handover: its ids, completeness, its action items with their due times, and the deliveries. */
public record HandoverCreated(long id, long eventId, int version, boolean incomplete, List<String> missing,
        List<ActionItemReceipt> actionItems, List<EventCreated.DeliveryReceipt> deliveries) {

    public record ActionItemReceipt(long id, String description, int windowHours, Instant dueAt, String responsibleAgency) {
    }

    @SuppressWarnings("unchecked")
    static HandoverCreated of(Handover h, EntityManager em) {
        em.flush();
        List<Object[]> items = em.createNativeQuery("""
                SELECT i.id, i.description, i.window_hours, i.due_at, a.slug FROM handover_action_item i
                JOIN agency a ON a.id = i.responsible_agency_id WHERE i.handover_id = :h ORDER BY i.position""")
                .setParameter("h", h.id).getResultList();
        List<Object[]> deliveries = em.createNativeQuery("""
                SELECT d.id, a.slug, d.due_at, d.state, d.minimum_notice FROM delivery d
                JOIN agency a ON a.id = d.recipient_agency_id WHERE d.event_id = :e ORDER BY d.id""")
                .setParameter("e", h.eventId).getResultList();
        return new HandoverCreated(h.id, h.eventId, h.version, h.incomplete, Arrays.asList(h.missing),
                items.stream().map(r -> new ActionItemReceipt(SqlValues.id(r[0]), (String) r[1], ((Number) r[2]).intValue(),
                        SqlValues.instant(r[3]), (String) r[4])).toList(),
                deliveries.stream().map(r -> new EventCreated.DeliveryReceipt(SqlValues.id(r[0]), (String) r[1], SqlValues.instant(r[2]),
                        (String) r[3], (Boolean) r[4])).toList());
    }
}
