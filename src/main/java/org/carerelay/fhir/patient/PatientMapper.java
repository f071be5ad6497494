package org.carerelay.fhir.patient;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.clients.Client;
import org.carerelay.clients.StatusMarker;
import org.carerelay.fhir.FhirUrls;
import org.carerelay.fhir.event.EventMapper;
import org.carerelay.fhir.terminology.Terminology;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;

/**
 * The client as a Patient with only the shared identity (name, date of birth, CareRelay's id and each
 * agency's local identifier), a status marker as a Flag (what it is and since when, never the record
 * behind it), and an agency as an Organization.
 */
public final class PatientMapper {

    /** One agency's local identifier for the client. */
    public record LocalId(AgencyRef agency, String localId) {
    }

    private PatientMapper() {
    }

    public static Patient patient(Client client, List<LocalId> localIds) {
        Patient p = new Patient();
        p.setId(String.valueOf(client.id));
        p.getMeta().setLastUpdated(Date.from(client.createdAt));
        p.addIdentifier(new Identifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(FhirUrls.CLIENT_ID)
                .setValue(String.valueOf(client.id)));
        for (LocalId local : localIds) {
            Identifier id = new Identifier().setUse(Identifier.IdentifierUse.SECONDARY).setSystem(FhirUrls.localId(local.agency().slug()))
                    .setValue(local.localId());
            id.setAssigner(FhirUrls.organization(local.agency()));
            p.addIdentifier(id);
        }
        p.addName(new HumanName().setUse(HumanName.NameUse.OFFICIAL).setFamily(client.familyName).addGiven(client.givenName));
        p.setBirthDateElement(new DateType(client.birthDate.toString()));
        return p;
    }

    /** A Flag's id: the client and the marker (FHIR ids allow no underscore). */
    public static String flagId(long clientId, String marker) {
        return clientId + "-" + marker.replace('_', '-');
    }

    public static Flag flag(long clientId, String marker, String label, Instant setAt) {
        Flag f = new Flag();
        f.setId(flagId(clientId, marker));
        f.setStatus(Flag.FlagStatus.ACTIVE);
        f.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/flag-category", category(marker), null)));
        f.setCode(new CodeableConcept(Terminology.coding(Terminology.STATUS_MARKER, marker, label)).setText(label));
        f.setSubject(FhirUrls.patient(clientId));
        f.getPeriod().setStartElement(EventMapper.instant(setAt));
        f.getMeta().setLastUpdated(Date.from(setAt));
        return f;
    }

    static String category(String marker) {
        return switch (StatusMarker.of(marker).orElse(StatusMarker.FOLLOW_UP_DUE)) {
            case CRISIS_RISK_ELEVATED -> "behavioral";
            case SAFEGUARDING_CONCERN_OPEN -> "safety";
            case MEDICATION_RISK_ELEVATED -> "drug";
            case FOLLOW_UP_DUE -> "clinical";
            default -> "admin";
        };
    }

    public static Organization organization(AgencyRef agency) {
        Organization o = new Organization();
        o.setId(agency.slug());
        o.addIdentifier(new Identifier().setSystem(FhirUrls.AGENCY).setValue(agency.slug()));
        o.setActive(true);
        o.setName(agency.name());
        o.addType().setText(agency.kind() == null ? "agency" : agency.kind().toLowerCase(Locale.ROOT));
        return o;
    }
}
