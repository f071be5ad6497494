package org.carerelay.raise;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.sharing.LegalBasis;
import org.carerelay.sharing.SharingStore;

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
    SharingStore sharing;

    @Inject
    AgencyDirectory agencies;

    /** Event type code → the active agreements from this agency that cover it, by recipient name. */
    @Transactional
    public Map<String, List<Line>> activeFrom(long sourceAgencyId) {
        Map<String, List<Line>> byType = new LinkedHashMap<>();
        for (SharingStore.ActiveAgreement a : sharing.activeFrom(sourceAgencyId)) {
            byType.computeIfAbsent(a.eventTypeCode(), k -> new ArrayList<>()).add(new Line(a.recipientAgencyId(),
                    agencyName(a.recipientAgencyId()), a.code(), a.title(), legalBasis(a.legalBasis()), a.purpose()));
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
