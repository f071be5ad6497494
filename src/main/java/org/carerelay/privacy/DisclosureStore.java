package org.carerelay.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import org.carerelay.sql.Row;

/** The accounting of disclosures' delivery read: every delivery of a client's information, with its event type and agreement. */
@ApplicationScoped
public class DisclosureStore {

    /** One delivery: when, to and from whom, what was shared, and under which agreement. */
    record DeliveryRow(long id, Instant createdAt, long recipientAgencyId, long sourceAgencyId, long eventTypeId, String eventTitle,
            List<String> sharedFields, boolean minimumNotice, String legalBasis, String purpose, String agreementCode,
            String agreementTitle) {

        static DeliveryRow of(Row r) {
            return new DeliveryRow(r.id("id"), r.instant("created_at"), r.id("recipient_agency_id"), r.id("source_agency_id"),
                    r.id("event_type_id"), r.text("event_title"), r.texts("shared_fields"), r.bool("minimum_notice"),
                    r.text("legal_basis"), r.text("purpose"), r.text("agreement_code"), r.text("agreement_title"));
        }
    }

    @Inject
    EntityManager em;

    /** Up to {@code limit} deliveries about the client, newest first. */
    List<DeliveryRow> deliveries(long clientId, int limit) {
        return Row.all(Row.query(em, """
                SELECT d.id, d.created_at, d.recipient_agency_id, e.source_agency_id, t.id AS event_type_id, t.title AS event_title,
                       d.shared_fields, d.minimum_notice, a.legal_basis, a.purpose, a.code AS agreement_code, a.title AS agreement_title
                FROM delivery d
                JOIN shared_event e ON e.id = d.event_id
                JOIN event_type t ON t.id = e.event_type_id
                JOIN sharing_agreement a ON a.id = d.agreement_id
                WHERE d.client_id = :client
                ORDER BY d.created_at DESC, d.id DESC
                LIMIT :limit""").setParameter("client", clientId).setParameter("limit", limit)).stream().map(DeliveryRow::of).toList();
    }

    /** An urgent notice sent about one of the client's deliveries (it holds no client data: it is counted as a notice). */
    record NoticeRow(long id, long deliveryId, long agencyId, int stage, String address, Instant sentAt) {
        static NoticeRow of(Row r) {
            return new NoticeRow(r.id("id"), r.id("delivery_id"), r.id("agency_id"), r.integer("stage"), r.text("address"),
                    r.instant("sent_at"));
        }
    }

    /** Up to {@code limit} urgent notices sent about the client's deliveries, newest first. */
    List<NoticeRow> notices(long clientId, int limit) {
        return Row.all(Row.query(em, """
                SELECT n.id, n.delivery_id, n.agency_id, n.stage, n.address, n.sent_at
                FROM urgent_notice n JOIN delivery d ON d.id = n.delivery_id
                WHERE d.client_id = :client AND n.state = 'sent'
                ORDER BY n.sent_at DESC, n.id DESC
                LIMIT :limit""").setParameter("client", clientId).setParameter("limit", limit)).stream().map(NoticeRow::of).toList();
    }
}
