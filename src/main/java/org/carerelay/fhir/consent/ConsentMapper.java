package org.carerelay.fhir.consent;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.catalogue.Sensitivity;
import org.carerelay.fhir.FhirStore.ConsentRow;
import org.carerelay.fhir.FhirUrls;
import org.carerelay.fhir.event.EventMapper;
import org.carerelay.fhir.terminology.Terminology;
import org.carerelay.sharing.ConsentStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;

/**
 * One recorded consent decision as a Consent: given is a permit, active while it is the latest
 * decision for its recipient and category, then inactive with the date it ended; refused is
 * rejected; a withdrawal is an inactive deny from its date. Who recorded it is a contained
 * Provenance (the person, on behalf of their agency).
 */
public final class ConsentMapper {

    static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private ConsentMapper() {
    }

    /**
     * When a decision stopped being the one in force: the first later decision for the same category that
     * covers its recipient (a decision for one agency is ended by a later one for that agency or for all;
     * one for all agencies only by a later one for all). Null while it is in force.
     */
    public static Instant endedAt(ConsentRow row, List<ConsentRow> history) {
        return history.stream()
                .filter(later -> later.category().equals(row.category())
                        && (later.recordedAt().isAfter(row.recordedAt()) || later.recordedAt().equals(row.recordedAt()) && later.id() > row.id())
                        && (later.recipientAgencyId() == null || later.recipientAgencyId().equals(row.recipientAgencyId())))
                .map(ConsentRow::recordedAt).min(Instant::compareTo).orElse(null);
    }

    public static Consent toFhir(ConsentRow row, AgencyRef recordedByAgency, AgencyRef recipient, Instant endedAt) {
        ConsentStatus decision = ConsentStatus.of(row.status()).orElseThrow();
        Sensitivity category = Sensitivity.of(row.category());
        Consent c = new Consent();
        c.setId(String.valueOf(row.id()));
        c.getMeta().setLastUpdated(Date.from(endedAt == null ? row.recordedAt() : endedAt));
        c.addIdentifier(new Identifier().setSystem(FhirUrls.CONSENT_RECORD).setValue(String.valueOf(row.id())));
        c.setStatus(switch (decision) {
            case GIVEN -> endedAt == null ? Consent.ConsentState.ACTIVE : Consent.ConsentState.INACTIVE;
            case REFUSED -> Consent.ConsentState.REJECTED;
            case WITHDRAWN -> Consent.ConsentState.INACTIVE;
        });
        c.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent")));
        c.addCategory(new CodeableConcept(new Coding(V3_ACT_CODE, "IDSCL", "information disclosure")));
        c.addCategory(new CodeableConcept(Terminology.coding(Terminology.SENSITIVITY, category.code, category.label)).setText(category.label));
        c.setPatient(FhirUrls.patient(row.clientId()));
        c.setDateTimeElement(EventMapper.instant(row.recordedAt()));
        c.addPerformer(FhirUrls.patient(row.clientId()));
        c.addOrganization(FhirUrls.organization(recordedByAgency));
        c.addPolicy().setUri(FhirUrls.BASE + "/policy/sharing-rules#consent");
        c.setPolicyRule(new CodeableConcept(new Coding(V3_ACT_CODE, decision == ConsentStatus.GIVEN ? "OPTIN" : "OPTOUT",
                decision == ConsentStatus.GIVEN ? "opt-in" : "opt-out")));
        Consent.ProvisionComponent provision = c.getProvision();
        provision.setType(decision == ConsentStatus.GIVEN ? Consent.ConsentProvisionType.PERMIT : Consent.ConsentProvisionType.DENY);
        provision.getPeriod().setStartElement(EventMapper.instant(row.recordedAt()));
        if (decision == ConsentStatus.GIVEN && endedAt != null) {
            provision.getPeriod().setEndElement(EventMapper.instant(endedAt));
        }
        if (recipient != null) {
            provision.addActor().setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP",
                    "information recipient"))).setReference(FhirUrls.organization(recipient));
        }
        provision.addSecurityLabel(Terminology.coding(Terminology.SENSITIVITY, category.code, category.label));
        Provenance recorded = new Provenance();
        recorded.setId("recorded");
        recorded.addTarget(new Reference("#"));
        recorded.setRecordedElement(new InstantType(Date.from(row.recordedAt())));
        recorded.addAgent().setWho(new Reference().setIdentifier(FhirUrls.staff(row.recordedBy())).setDisplay(row.recordedBy()))
                .setOnBehalfOf(FhirUrls.organization(recordedByAgency));
        c.addContained(recorded);
        return c;
    }
}
