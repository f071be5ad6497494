package org.carerelay.partnerapi;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.carerelay.handover.Handover;
import org.carerelay.handover.HandoverStore;

/** The answer to a submitted handover: its ids, completeness, its action items with their due times, and the deliveries. */
public record HandoverCreated(long id, long eventId, int version, boolean incomplete, List<String> missing,
        List<ActionItemReceipt> actionItems, List<EventCreated.DeliveryReceipt> deliveries) {

    public record ActionItemReceipt(long id, String description, int windowHours, Instant dueAt, String responsibleAgency) {
    }

    static HandoverCreated of(Handover h, HandoverStore store, EntityManager em) {
        em.flush();
        return new HandoverCreated(h.id, h.eventId, h.version, h.incomplete, Arrays.asList(h.missing),
                store.itemReceipts(h.id).stream().map(r -> new ActionItemReceipt(r.id(), r.description(), r.windowHours(), r.dueAt(),
                        r.responsibleAgency())).toList(),
                store.deliveryReceipts(h.eventId).stream().map(r -> new EventCreated.DeliveryReceipt(r.id(), r.agency(), r.dueAt(),
                        r.state().code, r.minimumNotice())).toList());
    }
}
