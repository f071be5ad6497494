package org.carerelay.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.deliveries.Delivery;
import org.carerelay.deliveries.DeliveryService;
import org.carerelay.deliveries.DeliveryState;

/**
 * The way back from a notice: the one-time link (after the normal sign-in, never instead of it) and the item page it
 * leads to. A link works once, until it expires, and only for someone of the recipient agency who may act on the
 * delivery; every refusal is a denied audit entry, and a refused person does not use the link up. The "acknowledge"
 * link acknowledges in the signed-in person's name, through the same delivery service (and audit) as the worklist.
 */
@ApplicationScoped
public class UrgentItems {

    /** Why a link does not work. */
    public enum Refusal {
        UNKNOWN(404, "This link is not valid", "This link does not lead to any item. Check that the whole link was copied from the message."),
        USED(410, "This link has already been used", "Each link in a notice works once. Find the item by its reference in your worklist."),
        EXPIRED(410, "This link has expired", "The links in a notice work for a limited time. Find the item by its reference in your worklist.");

        public final int status;
        public final String title;
        public final String advice;

        Refusal(int status, String title, String advice) {
            this.status = status;
            this.title = title;
            this.advice = advice;
        }
    }

    /** A link that does not work, with the item's reference when it is known. */
    public static class LinkRefused extends RuntimeException {
        public final Refusal refusal;
        public final Long deliveryId;

        LinkRefused(Refusal refusal, Long deliveryId) {
            super(refusal.title);
            this.refusal = refusal;
            this.deliveryId = deliveryId;
        }
    }

    /** Where a used link leads, and whether it acknowledged the item. */
    public record Used(long deliveryId, boolean acknowledged) {
    }

    /** The item page: the delivery and how long it waits. */
    public record Item(NoticeStore.ItemRow row, Instant now) {
        public String reference() {
            return NoticeMessage.reference(row.id());
        }

        public boolean unacknowledged() {
            return DeliveryState.NEW.code.equals(row.state());
        }

        public String stateLabel() {
            return DeliveryState.of(row.state()).map(s -> s.label).orElse(row.state());
        }

        public String age() {
            return NoticeMessage.age(java.time.Duration.between(row.arrivedAt(), now));
        }
    }

    @Inject
    NoticeStore store;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    DeliveryService deliveries;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    @Transactional(dontRollbackOn = LinkRefused.class)
    public Used useLink(String token, boolean acknowledge) {
        NoticeStore.LinkRow link = NoticeLinks.hash(token).flatMap(store::byToken).orElseThrow(() -> refuse(Refusal.UNKNOWN, null, null));
        Delivery delivery = Delivery.findById(link.deliveryId());
        if (link.usedAt() != null) {
            throw refuse(Refusal.USED, link.deliveryId(), delivery.clientId);
        }
        Instant now = clock.instant();
        if (!now.isBefore(link.expiresAt())) {
            throw refuse(Refusal.EXPIRED, link.deliveryId(), delivery.clientId);
        }
        access.requireOwnDelivery(link.deliveryId(), user.requireAgencyId()); // another agency's person: 404, audited, link not used up
        store.used(link.id(), now, user.getUsername());
        audit.recordInTransaction(AuditRecord.write("urgent-link", link.id(), delivery.clientId, Purpose.CARE_DELIVERY,
                "one-time link of the notice about delivery " + link.deliveryId() + (acknowledge ? " used to acknowledge it" : " used")));
        boolean acknowledged = false;
        if (acknowledge && delivery.deliveryState() == DeliveryState.NEW) {
            deliveries.acknowledge(link.deliveryId(), actor(), null);
            acknowledged = true;
        }
        return new Used(link.deliveryId(), acknowledged);
    }

    @Transactional
    public Item item(long deliveryId) {
        access.requireOwnDelivery(deliveryId, user.requireAgencyId());
        NoticeStore.ItemRow row = store.item(deliveryId).orElseThrow();
        audit.recordInTransaction(AuditRecord.view("delivery", deliveryId, row.clientId(), List.of(), List.of(), Purpose.CARE_DELIVERY));
        return new Item(row, clock.instant());
    }

    public void acknowledge(long deliveryId) {
        deliveries.acknowledge(deliveryId, actor(), null);
    }

    private DeliveryService.Actor actor() {
        return new DeliveryService.Actor(user.getUsername(), user.requireAgencyId(), user.isTeamLead());
    }

    private LinkRefused refuse(Refusal refusal, Long deliveryId, Long clientId) {
        audit.record(AuditRecord.denied("urgent-link", deliveryId, clientId, Purpose.CARE_DELIVERY, refusal.title.toLowerCase()));
        return new LinkRefused(refusal, deliveryId);
    }
}
