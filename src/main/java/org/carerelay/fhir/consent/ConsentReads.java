package org.carerelay.fhir.consent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import org.carerelay.fhir.PartnerReads;
import org.carerelay.fhir.FhirStore.ConsentRow;
import org.hl7.fhir.r4.model.Consent;

/** A client's recorded consent decisions, for a partner system whose agency has a care relationship (as the client record shows them). */
@ApplicationScoped
public class ConsentReads extends PartnerReads {

    public static final String AUDIT_TYPE = "fhir/Consent";


    @Transactional
    public Consent read(long id, long callerAgencyId) {
        String notFound = "No Consent " + id + " for your agency.";
        ConsentRow row = found(store.consent(id), AUDIT_TYPE, id, "no such consent record", notFound);
        requireClient(row.clientId(), callerAgencyId, AUDIT_TYPE, id, notFound);
        Consent consent = map(row, store.consents(row.clientId()));
        viewed(AUDIT_TYPE, id, row.clientId());
        return consent;
    }

    @Transactional
    public List<Consent> search(long clientId, long callerAgencyId) {
        requireClient(clientId, callerAgencyId, AUDIT_TYPE, null, "No Patient " + clientId + " for your agency.");
        List<ConsentRow> history = store.consents(clientId);
        viewed(AUDIT_TYPE, null, clientId);
        return history.stream().map(row -> map(row, history)).toList();
    }

    private Consent map(ConsentRow row, List<ConsentRow> history) {
        return ConsentMapper.toFhir(row, agency(row.recordedByAgencyId()), row.recipientAgencyId() == null ? null : agency(row.recipientAgencyId()),
                ConsentMapper.endedAt(row, history));
    }
}
