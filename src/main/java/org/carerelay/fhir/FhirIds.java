package org.carerelay.fhir;


/** Logical ids in paths: CareRelay's are numbers; anything else names no resource (404, as FHIR's read says). */
public final class FhirIds {

    private FhirIds() {
    }

    public static long number(String id, String type) {
        if (id != null && id.matches("\\d{1,18}")) {
            return Long.parseLong(id);
        }
        throw org.carerelay.web.ProblemException.notFound("No " + type + " " + id + " for your agency.");
    }

}
