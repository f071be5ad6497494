package org.carerelay.fhir.patient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import org.carerelay.clients.Client;
import org.carerelay.clients.ClientMarkers;
import java.util.Optional;
import org.carerelay.fhir.PartnerReads;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Patient;

/** A client's shared identity and status markers, for a partner system whose agency has a care relationship. */
@ApplicationScoped
public class PatientReads extends PartnerReads {

    public static final String PATIENT = "fhir/Patient";
    public static final String FLAG = "fhir/Flag";


    @Inject
    ClientMarkers markers;

    @Transactional
    public Patient read(long clientId, long callerAgencyId) {
        Client client = requireClient(clientId, callerAgencyId, PATIENT, clientId);
        List<PatientMapper.LocalId> localIds = store.localIds(clientId).stream()
                .map(l -> new PatientMapper.LocalId(agency(l.agencyId()), l.localId())).toList();
        viewed(PATIENT, clientId, clientId);
        return PatientMapper.patient(client, localIds);
    }

    /** The client's status markers: every agency with a relationship sees them, never the record behind them. */
    @Transactional
    public List<Flag> flags(long clientId, long callerAgencyId) {
        requireClient(clientId, callerAgencyId, FLAG, null);
        List<Flag> flags = markers.active(clientId).stream().map(m -> PatientMapper.flag(clientId, m.code(), m.label(), m.setAt())).toList();
        viewed(FLAG, null, clientId);
        return flags;
    }

    @Transactional
    public Flag flag(String id, long callerAgencyId) {
        String notFound = "No Flag " + id + " for your agency.";
        int dash = id.indexOf('-');
        if (dash < 1 || !id.substring(0, dash).matches("\\d{1,18}")) {
            throw access.refuseForPartner(FLAG, id, null, "no such flag", notFound);
        }
        long clientId = Long.parseLong(id.substring(0, dash));
        requireClient(clientId, callerAgencyId, FLAG, id);
        Flag flag = markers.active(clientId).stream().filter(m -> PatientMapper.flagId(clientId, m.code()).equals(id))
                .map(m -> PatientMapper.flag(clientId, m.code(), m.label(), m.setAt())).findFirst()
                .orElseThrow(() -> access.refuseForPartner(FLAG, id, clientId, "no such marker (cleared, or never set)", notFound));
        viewed(FLAG, id, clientId);
        return flag;
    }

    private Client requireClient(long clientId, long callerAgencyId, String auditType, Object resourceId) {
        String notFound = "No Patient " + clientId + " for your agency.";
        Client client = found(Optional.ofNullable(Client.<Client>findById(clientId)), auditType, resourceId, "no such client", notFound);
        requireClient(clientId, callerAgencyId, auditType, resourceId, notFound);
        return client;
    }
}
