package org.carerelay.fhir.handover;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditRecord;
import org.carerelay.deliveries.Delivery;
import org.carerelay.fhir.PartnerReads;
import org.carerelay.handover.Handover;
import org.carerelay.handover.HandoverReading;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A discharge handover as a Bundle for a partner system: the source sees all of it; a recipient of
 * its event the parts its delivery's fields allow (the same rule as the handover page); anyone else,
 * and every draft, is 404, audited.
 */
@ApplicationScoped
public class HandoverBundleReads extends PartnerReads {

    public static final String AUDIT_TYPE = "fhir/Bundle";


    @Inject
    HandoverReading reading;

    @Transactional
    public Bundle read(long id, long callerAgencyId) {
        String notFound = "No Bundle " + id + " for your agency.";
        Handover h = Handover.findById(id);
        if (h == null || h.isDraft() || h.eventId == null) {
            throw access.refuseForPartner(AUDIT_TYPE, id, null, "no such submitted handover", notFound);
        }
        boolean source = h.sourceAgencyId == callerAgencyId;
        Delivery mine = store.deliveriesOfEvent(h.eventId).stream().filter(d -> d.recipientAgencyId == callerAgencyId).findFirst().orElse(null);
        if (!source && mine == null) {
            throw access.refuseForPartner(AUDIT_TYPE, id, h.clientId, "the handover was not shared with the caller's agency", notFound);
        }
        HandoverReading.VisibleParts parts = reading.visibleParts(h, callerAgencyId, source, mine);
        Bundle bundle = HandoverBundleMapper.toFhir(new HandoverBundleMapper.Source(h, agency(h.sourceAgencyId),
                parts.parts(), parts.withheldReason(), store.actionItems(h.id), this::agency));
        List<String> shown = new ArrayList<>(parts.parts());
        shown.add("actionItems");
        shown.add("escalationRules");
        audit.record(AuditRecord.view(AUDIT_TYPE, id, h.clientId, List.of("health"),
                shown.stream().map(p -> "DISCHARGE_HANDOVER." + p).toList(), Purpose.PARTNER_SYSTEM));
        return bundle;
    }
}
