package org.carerelay.raise;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.sharing.LegalBasis;
import org.carerelay.sql.SqlValues;

/**
 * The active sharing agreements an agency sends under, per event type: what the event guide shows
 * as "who receives it" and what the raise form offers. One query for every type.
 */
@ApplicationScoped
public class SourceAgreements {

    /** One active agreement that lets the agency send a type to a recipient. */
    public record Line(long recipientAgencyId, String recipient, String agreementCode, String agreementTitle,
            String legalBasis, String purpose) {
    }

    @Inject
    EntityManager em;

    @Inject
    AgencyDirectory agencies;

    /** Event type code → the active agreements from this agency that cover it, by recipient name. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Map<String, List<Line>> activeFrom(long sourceAgencyId) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT t.event_type_code, a.recipient_agency_id, a.code, a.title, a.legal_basis, a.purpose
                FROM sharing_agreement a JOIN sharing_agreement_event_type t ON t.agreement_id = a.id
                WHERE a.source_agency_id = :source AND a.status = 'active'
                ORDER BY t.event_type_code, a.recipient_agency_id, a.code""")
                .setParameter("source", sourceAgencyId).getResultList();
        Map<String, List<Line>> byType = new LinkedHashMap<>();
        for (Object[] r : rows) {
            long recipient = SqlValues.id(r[1]);
            byType.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(new Line(recipient, agencyName(recipient),
                    (String) r[2], (String) r[3], legalBasis((String) r[4]), (String) r[5]));
        }
        byType.values().forEach(lines -> lines.sort((a, b) -> a.recipient().compareTo(b.recipient())));
        return byType;
    }

    String agencyName(long id) {
        return agencies.find(id).map(AgencyDirectory.AgencyRef::name).orElse("Agency " + id);
    }

    static String legalBasis(String code) {
        return LegalBasis.of(code).map(b -> b.label).orElse(code);
    }
}
