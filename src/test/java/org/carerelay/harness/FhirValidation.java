package org.carerelay.harness;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.carerelay.fhir.ResourceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;

/**
 * The HAPI validator against R4 base, built once per test JVM and fully offline: the core
 * definitions, in-memory terminology, the common code systems, and the code systems the app under
 * test serves at /fhir/r4/CodeSystem (fetched once with a partner token), so CareRelay's own codes
 * are checked too. The first validation takes seconds.
 */
public final class FhirValidation {

    private static FhirValidator validator;

    private FhirValidation() {
    }

    public static FhirContext context() {
        return FhirContext.forR4Cached();
    }

    private static synchronized FhirValidator validator() {
        if (validator == null) {
            Bundle served = FhirApi.read(PartnerTokens.RIVERSIDE, "/fhir/r4/CodeSystem", Bundle.class);
            List<CodeSystem> codeSystems = served.getEntry().stream().map(e -> (CodeSystem) e.getResource()).toList();
            if (codeSystems.isEmpty()) {
                throw new IllegalStateException("the app under test serves no CodeSystem");
            }
            validator = ResourceValidator.build(context(), codeSystems);
        }
        return validator;
    }

    /** Every error (or fatal error) the validator finds, as "location: message". */
    public static List<String> errors(IBaseResource resource) {
        return validator().validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(FhirValidation::describe).toList();
    }

    /** Fails with every error when the resource is not valid R4. */
    public static void assertValid(IBaseResource resource) {
        List<String> errors = errors(resource);
        if (!errors.isEmpty()) {
            throw new AssertionError(resource.fhirType() + " " + resource.getIdElement().getIdPart() + " is not valid R4:\n  "
                    + String.join("\n  ", errors) + "\n" + context().newJsonParser().setPrettyPrint(true).encodeResourceToString(resource));
        }
    }

    /** Fails with every error when the JSON, exactly as received (before a parse could change it), is not valid R4. */
    public static void assertValidJson(String json) {
        List<String> errors = validator().validateWithResult(json).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(FhirValidation::describe).toList();
        if (!errors.isEmpty()) {
            throw new AssertionError("not valid R4:\n  " + String.join("\n  ", errors) + "\n" + json);
        }
    }

    private static String describe(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
    }
}
