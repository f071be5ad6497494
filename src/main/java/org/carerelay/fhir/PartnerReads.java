package org.carerelay.fhir;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;

/**
 * What every FHIR read service shares: the store, the one access check, the one audit writer and the
 * agencies, and the three steps of a partner read — find the record or refuse (404, audited), require
 * the caller's care relationship with its client (404, audited), and audit what was shown.
 */
public abstract class PartnerReads {

    @Inject
    protected FhirStore store;

    @Inject
    protected AccessPolicy access;

    @Inject
    protected AuditLog audit;

    @Inject
    protected AgencyDirectory agencies;

    /** The record, or a 404 that says nothing about it, with one denied audit entry. */
    protected <T> T found(Optional<T> record, String auditType, Object id, String reason, String notFound) {
        return record.orElseThrow(() -> access.refuseForPartner(auditType, id, null, reason, notFound));
    }

    /** The caller's agency must have a care relationship with the client (404, audited, otherwise). */
    protected void requireClient(long clientId, long callerAgencyId, String auditType, Object id, String notFound) {
        access.requireClientForPartner(clientId, callerAgencyId, auditType, id, notFound);
    }

    /** A read that showed no event fields (identity, consent, markers, audit entries). */
    protected void viewed(String auditType, Object id, Long clientId) {
        audit.record(AuditRecord.view(auditType, id, clientId, List.of(), List.of(), Purpose.PARTNER_SYSTEM));
    }

    /** A search, audited with what was asked and how many came back. */
    protected void listed(String auditType, String described, int returned) {
        audit.record(AuditRecord.list(auditType, Purpose.PARTNER_SYSTEM, described + "; " + returned + " returned"));
    }

    protected AgencyRef agency(long id) {
        return agencies.find(id).orElseThrow();
    }
}
