package org.carerelay.fhir.audit;

import java.util.Date;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.catalogue.Sensitivity;
import org.carerelay.fhir.FhirStore.AuditRow;
import org.carerelay.fhir.FhirUrls;
import org.carerelay.fhir.terminology.Terminology;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;

/**
 * One audit entry as an AuditEvent after the IHE Basic Audit Log Patterns (BALP), minimal: who
 * (identifiers, address), what (the patient and the record by identifier), when, why (purpose of
 * use), outcome; no clinical content, no free text typed by staff. A break-glass grant is a security
 * alert ("emergency override started") with purpose BTG, and every view under it carries BTG too. A
 * denied entry never names the client (the caller may not know who the record was about).
 */
public final class AuditEventMapper {

    static final String REST = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    private AuditEventMapper() {
    }

    public static AuditEvent toFhir(AuditRow row, AgencyRef agency) {
        boolean allowed = "allowed".equals(row.outcome());
        AuditEvent e = new AuditEvent();
        e.setId(String.valueOf(row.id()));
        e.getMeta().setLastUpdated(Date.from(row.at()));
        if ("break_glass".equals(row.action())) {
            e.setType(new Coding(DCM, "110113", "Security Alert"));
            e.addSubtype(new Coding(DCM, "110127", "Emergency Override Started"));
        } else {
            e.setType(new Coding(REST, "rest", "RESTful Operation"));
            e.addSubtype(subtype(row.action()));
        }
        e.setAction(action(row.action()));
        e.setRecordedElement(new InstantType(Date.from(row.at())));
        e.setOutcome(allowed ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4);
        if (!allowed && row.reason() != null) {
            e.setOutcomeDesc(row.reason());
        }
        CodeableConcept purpose = purposeOfUse(row.purpose());
        e.addPurposeOfEvent(purpose);
        AuditEventAgentComponent user = e.addAgent().setRequestor(true).setName(row.username())
                .setWho(new Reference().setIdentifier(FhirUrls.staff(row.username())).setDisplay(row.username()));
        if (row.userId() != null) {
            user.setAltId(row.userId());
        }
        user.addPurposeOfUse(purpose.copy());
        if (row.clientAddress() != null) {
            user.getNetwork().setAddress(row.clientAddress()).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        if (agency != null) {
            e.addAgent().setRequestor(false).setWho(FhirUrls.organization(agency))
                    .setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "PROV", "healthcare provider")));
        }
        e.getSource().setSite("CareRelay").setObserver(new Reference().setIdentifier(new Identifier().setSystem(FhirUrls.SID + "system")
                .setValue("carerelay")).setDisplay("CareRelay"))
                .addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));
        if (allowed && row.clientId() != null) {
            e.addEntity().setWhat(FhirUrls.patient(row.clientId()))
                    .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
                    .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
        }
        AuditEvent.AuditEventEntityComponent record = e.addEntity()
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
                .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource"));
        Reference what = new Reference().setDisplay(row.resourceType() + (row.resourceId() == null ? "" : " " + row.resourceId()));
        if (row.resourceId() != null) {
            what.setIdentifier(new Identifier().setSystem(FhirUrls.SID + "record/" + row.resourceType()).setValue(row.resourceId()));
        }
        record.setWhat(what);
        if (allowed && row.sensitivity() != null) {
            for (String code : row.sensitivity()) {
                Sensitivity s = Sensitivity.of(code);
                record.addSecurityLabel(Terminology.coding(Terminology.SENSITIVITY, s.code, s.label));
            }
        }
        e.addEntity().setWhat(new Reference().setIdentifier(new Identifier().setSystem(FhirUrls.REQUEST_ID).setValue(row.requestId())))
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object")).setName("request");
        return e;
    }

    static Coding subtype(String action) {
        return switch (action) {
            case "list" -> new Coding(INTERACTION, "search-type", "search type");
            case "write", "review" -> new Coding(INTERACTION, "update", "update");
            default -> new Coding(INTERACTION, "read", "read");
        };
    }

    static AuditEventAction action(String action) {
        return switch (action) {
            case "list", "break_glass" -> AuditEventAction.E;
            case "write", "review" -> AuditEventAction.U;
            default -> AuditEventAction.R;
        };
    }

    /** The purpose of use (HL7 v3 ActReason) for CareRelay's purposes. */
    static CodeableConcept purposeOfUse(String purpose) {
        Purpose p = java.util.Arrays.stream(Purpose.values()).filter(v -> v.code.equals(purpose)).findFirst().orElse(Purpose.CARE_DELIVERY);
        Coding coding = switch (p) {
            case CARE_DELIVERY -> new Coding(ACT_REASON, "TREAT", "treatment");
            case BREAK_GLASS -> new Coding(ACT_REASON, "BTG", "break the glass");
            case PARTNER_SYSTEM -> new Coding(ACT_REASON, "COC", "coordination of care");
            case PRIVACY_REVIEW, COMMISSIONING -> new Coding(ACT_REASON, "HOPERAT", "healthcare operations");
            case ADMINISTRATION, IDENTITY_RESOLUTION -> new Coding(ACT_REASON, "HSYSADMIN", "health system administration");
        };
        return new CodeableConcept(coding).setText(p.code);
    }
}
