package org.carerelay.fhir.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.FhirStore;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.PartnerReads;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.FhirStore.AuditRow;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * The audit trail as AuditEvents for a partner system: only its own agency's entries (made by the
 * agency's users and systems), newest first. Reading them is itself audited.
 */
@ApplicationScoped
public class AuditEventReads extends PartnerReads {

    public static final String AUDIT_TYPE = "fhir/AuditEvent";

    @Transactional
    public AuditEvent read(long id, long callerAgencyId) {
        AuditRow row = found(store.auditEntry(id).filter(r -> r.agencyId() != null && r.agencyId() == callerAgencyId), AUDIT_TYPE, id,
                "not an entry of the caller's agency", "No AuditEvent " + id + " for your agency.");
        viewed(AUDIT_TYPE, id, null);
        return map(row);
    }

    @Transactional
    /** A page of entries; the next page is older. */
    public Bundles.Page<AuditEvent> search(FhirStore.AuditQuery query, String described) {
        List<AuditRow> rows = store.auditEntries(query);
        listed(AUDIT_TYPE, described, rows.size());
        return Bundles.Page.of(rows, query.limit(), AuditRow::id, rows.stream().map(this::map).toList());
    }

    private AuditEvent map(AuditRow row) {
        return AuditEventMapper.toFhir(row, row.agencyId() == null ? null : agencies.find(row.agencyId()).orElse(null));
    }
}
