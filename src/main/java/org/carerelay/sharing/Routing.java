package org.carerelay.sharing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.carerelay.catalogue.EventType;
import org.carerelay.sql.SqlValues;

/**
 * Decides where an event goes: to every recipient whose active sharing agreement with the source
 * covers the event's type, with only the fields that agreement allows; for a category that needs
 * consent and has none in force, only the minimum notice (no fields at all).
 */
@ApplicationScoped
public class Routing {

    /** An agreement that covers the event type, before consent is applied. */
    public record Covering(long agreementId, String agreementCode, long recipientAgencyId, String legalBasis,
            String purpose, List<String> allowedFields, boolean active) {
    }

    /** One recipient of an event. */
    public record Route(long agreementId, String agreementCode, long recipientAgencyId, String legalBasis, String purpose,
            List<String> sharedFields, boolean minimumNotice) {
    }

    @Inject
    EntityManager em;

    @Inject
    ConsentRegister consent;

    /** Every agreement of the source that names the type, active or not (one query). */
    @SuppressWarnings("unchecked")
    public List<Covering> covering(long sourceAgencyId, EventType type) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT a.id, a.code, a.recipient_agency_id, a.legal_basis, a.purpose, t.allowed_fields, a.status = 'active'
                FROM sharing_agreement a JOIN sharing_agreement_event_type t ON t.agreement_id = a.id
                WHERE a.source_agency_id = :source AND t.event_type_code = :type
                ORDER BY a.recipient_agency_id""")
                .setParameter("source", sourceAgencyId).setParameter("type", type.code).getResultList();
        List<String> typeFields = type.fieldNames();
        List<Covering> result = new ArrayList<>();
        for (Object[] r : rows) {
            String[] allowed = (String[]) r[5];
            List<String> fields = allowed == null ? typeFields
                    : typeFields.stream().filter(Arrays.asList(allowed)::contains).toList();
            result.add(new Covering(SqlValues.id(r[0]), (String) r[1], SqlValues.id(r[2]), (String) r[3], (String) r[4],
                    fields, (Boolean) r[6]));
        }
        return result;
    }

    /** The routes of an event about a client: active agreements only, consent applied. */
    public List<Route> routes(List<Covering> covering, EventType type, long clientId) {
        List<Covering> active = covering.stream().filter(Covering::active).toList();
        Map<Long, Boolean> consentGiven = type.sensitivityCategory().needsConsent()
                ? consent.consentGiven(clientId, type.sensitivityCategory(), active.stream().map(Covering::recipientAgencyId).toList())
                : Map.of();
        return active.stream().map(c -> {
            boolean minimum = type.sensitivityCategory().needsConsent() && !consentGiven.getOrDefault(c.recipientAgencyId(), false);
            return new Route(c.agreementId(), c.agreementCode(), c.recipientAgencyId(), c.legalBasis(), c.purpose(),
                    minimum ? List.of() : c.allowedFields(), minimum);
        }).toList();
    }
}
