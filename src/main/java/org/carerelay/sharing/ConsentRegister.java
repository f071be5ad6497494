package org.carerelay.sharing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.catalogue.Sensitivity;
import org.carerelay.sql.SqlValues;

/**
 * A client's recorded consent (or refusal, or withdrawal) per recipient agency (or all agencies)
 * and sensitivity category. The latest record that applies to a recipient is in force: one for
 * that recipient, or one for all agencies, whichever was recorded last.
 */
@ApplicationScoped
public class ConsentRegister {

    public record ConsentEntry(Long recipientAgencyId, String category, String status, String recordedBy, Instant recordedAt) {
    }

    @Inject
    EntityManager em;

    @Transactional
    public void record(long clientId, Long recipientAgencyId, Sensitivity category, ConsentStatus status,
            String recordedBy, long recordedByAgencyId, Instant at) {
        em.createNativeQuery("""
                INSERT INTO consent_record (client_id, recipient_agency_id, category, status, recorded_by, recorded_by_agency_id, recorded_at)
                VALUES (:client, :recipient, :category, :status, :by, :byAgency, :at)""")
                .setParameter("client", clientId).setParameter("recipient", recipientAgencyId)
                .setParameter("category", category.code).setParameter("status", status.code)
                .setParameter("by", recordedBy).setParameter("byAgency", recordedByAgencyId).setParameter("at", at)
                .executeUpdate();
    }

    /** For each recipient: whether consent for the category is given now (one query for all recipients). */
    @SuppressWarnings("unchecked")
    public Map<Long, Boolean> consentGiven(long clientId, Sensitivity category, Collection<Long> recipients) {
        Map<Long, Boolean> given = new HashMap<>();
        recipients.forEach(r -> given.put(r, false));
        if (recipients.isEmpty()) {
            return given;
        }
        List<Object[]> rows = em.createNativeQuery("""
                SELECT r.agency, (SELECT c.status FROM consent_record c
                                  WHERE c.client_id = :client AND c.category = :category
                                    AND (c.recipient_agency_id = r.agency OR c.recipient_agency_id IS NULL)
                                  ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1)
                FROM unnest(CAST(:recipients AS BIGINT[])) AS r(agency)""")
                .setParameter("client", clientId).setParameter("category", category.code)
                .setParameter("recipients", SqlValues.arrayLiteral(recipients)).getResultList();
        rows.forEach(r -> given.put(SqlValues.id(r[0]), ConsentStatus.GIVEN.code.equals(r[1])));
        return given;
    }

    @SuppressWarnings("unchecked")
    public List<ConsentEntry> history(long clientId) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT recipient_agency_id, category, status, recorded_by, recorded_at FROM consent_record
                WHERE client_id = :client ORDER BY recorded_at DESC, id DESC""")
                .setParameter("client", clientId).getResultList();
        return rows.stream().map(r -> new ConsentEntry(r[0] == null ? null : SqlValues.id(r[0]), (String) r[1], (String) r[2],
                (String) r[3], SqlValues.instant(r[4]))).toList();
    }
}
