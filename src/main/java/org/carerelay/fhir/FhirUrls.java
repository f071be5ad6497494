package org.carerelay.fhir;

import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * CareRelay's naming systems and canonical URLs, and the references every mapper uses. The
 * systems are identifiers, not addresses a client must reach: they stay the same in every
 * deployment (like the problem types of the partner API).
 */
public final class FhirUrls {

    public static final String BASE = "https://carerelay.example.org/fhir";
    /** Where the code systems live: {@code CODE_SYSTEM + id} is each one's canonical URL. */
    public static final String CODE_SYSTEM = BASE + "/CodeSystem/";
    public static final String SID = BASE + "/sid/";
    public static final String CLIENT_ID = SID + "client";
    public static final String EVENT_ID = SID + "event";
    public static final String DELIVERY_ID = SID + "delivery";
    public static final String HANDOVER_ID = SID + "handover";
    public static final String AGENCY = SID + "agency";
    public static final String STAFF = SID + "staff";
    public static final String AUDIT_ENTRY = SID + "audit-entry";
    public static final String REQUEST_ID = SID + "request-id";
    public static final String CONSENT_RECORD = SID + "consent-record";

    private FhirUrls() {
    }

    /** The naming system of one agency's local identifiers for its clients. */
    public static String localId(String agencySlug) {
        return SID + "local-id/" + agencySlug;
    }

    public static Reference organization(AgencyRef agency) {
        return new Reference("Organization/" + agency.slug()).setDisplay(agency.name())
                .setIdentifier(new Identifier().setSystem(AGENCY).setValue(agency.slug()));
    }

    public static Reference patient(long clientId) {
        return new Reference("Patient/" + clientId);
    }

    /** A staff member or partner system, named by its username (CareRelay serves no Practitioner). */
    public static Identifier staff(String username) {
        return new Identifier().setSystem(STAFF).setValue(username);
    }
}
