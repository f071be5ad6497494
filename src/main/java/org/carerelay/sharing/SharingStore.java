package org.carerelay.sharing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.carerelay.sql.Row;
import org.carerelay.sql.SqlValues;

/**
 * The SQL of sharing: which agreements cover which event types (sharing_agreement_event_type) and the consent decisions
 * recorded for a client (consent_record).
 */
@ApplicationScoped
public class SharingStore {

    /** An agreement of a source that names an event type; {@code allowedFields} null: every field of the type. */
    record CoveringRow(long agreementId, String agreementCode, long recipientAgencyId, String legalBasis, String purpose,
            List<String> allowedFields, boolean active) {

        static CoveringRow of(Row r) {
            return new CoveringRow(r.id("id"), r.text("code"), r.id("recipient_agency_id"), r.text("legal_basis"), r.text("purpose"),
                    r.isNull("allowed_fields") ? null : r.texts("allowed_fields"), r.bool("active"));
        }
    }

    /** One active agreement from a source that covers an event type, as the event guide and the raise form show it. */
    public record ActiveAgreement(String eventTypeCode, long recipientAgencyId, String code, String title, String legalBasis,
            String purpose) {

        static ActiveAgreement of(Row r) {
            return new ActiveAgreement(r.text("event_type_code"), r.id("recipient_agency_id"), r.text("code"), r.text("title"),
                    r.text("legal_basis"), r.text("purpose"));
        }
    }

    @Inject
    EntityManager em;

    /** Every agreement of the source that names the type, active or not, by recipient. */
    List<CoveringRow> covering(long sourceAgencyId, String typeCode) {
        return Row.all(Row.query(em, """
                SELECT a.id, a.code, a.recipient_agency_id, a.legal_basis, a.purpose, t.allowed_fields, a.status = 'active' AS active
                FROM sharing_agreement a JOIN sharing_agreement_event_type t ON t.agreement_id = a.id
                WHERE a.source_agency_id = :source AND t.event_type_code = :type
                ORDER BY a.recipient_agency_id""")
                .setParameter("source", sourceAgencyId).setParameter("type", typeCode)).stream().map(CoveringRow::of).toList();
    }

    /** The active agreements of the source, by event type code, recipient and agreement code. */
    public List<ActiveAgreement> activeFrom(long sourceAgencyId) {
        return Row.all(Row.query(em, """
                SELECT t.event_type_code, a.recipient_agency_id, a.code, a.title, a.legal_basis, a.purpose
                FROM sharing_agreement a JOIN sharing_agreement_event_type t ON t.agreement_id = a.id
                WHERE a.source_agency_id = :source AND a.status = 'active'
                ORDER BY t.event_type_code, a.recipient_agency_id, a.code""")
                .setParameter("source", sourceAgencyId)).stream().map(ActiveAgreement::of).toList();
    }

    /** Replaces the event types an agreement covers: type code → allowed fields (null: every field of the type). */
    void replaceEventTypes(long agreementId, Map<String, List<String>> eventTypes) {
        em.createNativeQuery("DELETE FROM sharing_agreement_event_type WHERE agreement_id = :id")
                .setParameter("id", agreementId).executeUpdate();
        for (Map.Entry<String, List<String>> type : eventTypes.entrySet()) {
            em.createNativeQuery("""
                    INSERT INTO sharing_agreement_event_type (agreement_id, event_type_code, allowed_fields)
                    VALUES (:id, :type, CAST(:fields AS TEXT[]))""")
                    .setParameter("id", agreementId).setParameter("type", type.getKey())
                    .setParameter("fields", type.getValue() == null ? null : SqlValues.arrayLiteral(type.getValue()))
                    .executeUpdate();
        }
    }

    void setStatus(String agreementCode, AgreementStatus status) {
        em.createNativeQuery("UPDATE sharing_agreement SET status = :status WHERE code = :code")
                .setParameter("status", status.code).setParameter("code", agreementCode).executeUpdate();
    }

    void recordConsent(long clientId, Long recipientAgencyId, String category, ConsentStatus status, String recordedBy,
            long recordedByAgencyId, Instant at) {
        em.createNativeQuery("""
                INSERT INTO consent_record (client_id, recipient_agency_id, category, status, recorded_by, recorded_by_agency_id, recorded_at)
                VALUES (:client, :recipient, :category, :status, :by, :byAgency, :at)""")
                .setParameter("client", clientId).setParameter("recipient", recipientAgencyId)
                .setParameter("category", category).setParameter("status", status.code)
                .setParameter("by", recordedBy).setParameter("byAgency", recordedByAgencyId).setParameter("at", at)
                .executeUpdate();
    }

    /** The consent decision in force for a recipient: null when none was recorded. */
    record InForce(long recipientAgencyId, ConsentStatus status) {
    }

    /**
     * For each recipient, the latest consent record for the category that applies to it (its own or one for all agencies).
     * One query for all recipients.
     */
    List<InForce> consentInForce(long clientId, String category, Collection<Long> recipients) {
        return Row.all(Row.query(em, """
                SELECT r.agency, (SELECT c.status FROM consent_record c
                                  WHERE c.client_id = :client AND c.category = :category
                                    AND (c.recipient_agency_id = r.agency OR c.recipient_agency_id IS NULL)
                                  ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1) AS status
                FROM unnest(CAST(:recipients AS BIGINT[])) AS r(agency)""")
                .setParameter("client", clientId).setParameter("category", category)
                .setParameter("recipients", SqlValues.arrayLiteral(recipients))).stream()
                .map(r -> new InForce(r.id("agency"), ConsentStatus.of(r.text("status")).orElse(null))).toList();
    }

    /** Every consent record of the client, newest first. */
    List<ConsentRegister.ConsentEntry> consentHistory(long clientId) {
        return Row.all(Row.query(em, """
                SELECT recipient_agency_id, category, status, recorded_by, recorded_at FROM consent_record
                WHERE client_id = :client ORDER BY recorded_at DESC, id DESC""")
                .setParameter("client", clientId)).stream()
                .map(r -> new ConsentRegister.ConsentEntry(r.nullableNumber("recipient_agency_id"), r.text("category"), r.text("status"),
                        r.text("recorded_by"), r.instant("recorded_at")))
                .toList();
    }
}
