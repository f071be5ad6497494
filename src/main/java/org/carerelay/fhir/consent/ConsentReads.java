package org.carerelay.fhir.consent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.fhir.FhirStore;
import org.carerelay.fhir.FhirStore.ConsentRow;
import org.hl7.fhir.r4.model.Consent;

/** A client's recorded consent decisions, for a partner system whose agency has a care relationship (as the client record shows them). */
@ApplicationScoped
public class ConsentReads {

    public static final String AUDIT_TYPE = "fhir/Consent";

    @Inject
    FhirStore store;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    AgencyDirectory agencies;

    @Transactional
    public Consent read(long id, long callerAgencyId) {
        String notFound = "No Consent " + id + " for your agency.";
        ConsentRow row = store.consent(id).orElseThrow(() -> access.refuseForPartner(AUDIT_TYPE, id, null, "no such consent record", notFound));
        access.requireClientForPartner(row.clientId(), callerAgencyId, AUDIT_TYPE, id, notFound);
        Consent consent = map(row, store.consents(row.clientId()));
        audit.record(AuditRecord.view(AUDIT_TYPE, id, row.clientId(), List.of(), List.of(), Purpose.PARTNER_SYSTEM));
        return consent;
    }

    @Transactional
    public List<Consent> search(long clientId, long callerAgencyId) {
        access.requireClientForPartner(clientId, callerAgencyId, AUDIT_TYPE, null, "No Patient " + clientId + " for your agency.");
        List<ConsentRow> history = store.consents(clientId);
        audit.record(AuditRecord.view(AUDIT_TYPE, null, clientId, List.of(), List.of(), Purpose.PARTNER_SYSTEM));
        return history.stream().map(row -> map(row, history)).toList();
    }

    private Consent map(ConsentRow row, List<ConsentRow> history) {
        return ConsentMapper.toFhir(row, agencies.find(row.recordedByAgencyId()).orElseThrow(),
                row.recipientAgencyId() == null ? null : agencies.find(row.recipientAgencyId()).orElseThrow(),
                ConsentMapper.endedAt(row, history));
    }
}
