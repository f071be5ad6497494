package org.carerelay.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import org.carerelay.fhir.terminology.Terminology;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;

/**
 * The HAPI validator against R4 base, fully offline: the core definitions, in-memory terminology,
 * the common code systems, and CareRelay's own code systems (so its codes are checked, not just
 * tolerated). Built once, on first use or by the warm-up at start; about 200 MiB of heap.
 */
@ApplicationScoped
public class ResourceValidator {

    @Inject
    Terminology terminology;

    private volatile FhirValidator validator;

    public ResourceValidator() {
    }

    /** A validator built elsewhere (tests build it once per JVM). */
    ResourceValidator(FhirValidator prebuilt) {
        this.validator = prebuilt;
    }

    /** A validator for R4 base plus the given code systems (also used by the tests, with the code systems the app serves). */
    public static FhirValidator build(FhirContext context, Collection<CodeSystem> codeSystems) {
        PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(context);
        codeSystems.forEach(ours::addCodeSystem);
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(context),
                new InMemoryTerminologyServerValidationSupport(context), new CommonCodeSystemsTerminologyService(context), ours,
                new SnapshotGeneratingValidationSupport(context));
        FhirValidator validator = context.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(chain));
        return validator;
    }

    /** Builds the validator and runs it once (the first validation loads the definitions: seconds). */
    public void warm() {
        errors(new org.hl7.fhir.r4.model.Patient().setActive(true));
    }

    /** The errors (and fatal errors) the validator finds; warnings and information are left out. */
    public List<SingleValidationMessage> errors(IBaseResource resource) {
        return validator().validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL).toList();
    }

    /** The errors in a resource as received (raw JSON): unknown elements and syntax errors are found with their location, before any parse drops them. */
    public List<SingleValidationMessage> errors(String json) {
        return validator().validateWithResult(json).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL).toList();
    }

    private FhirValidator validator() {
        FhirValidator built = validator;
        if (built == null) {
            synchronized (this) {
                built = validator;
                if (built == null) {
                    built = build(FhirContext.forR4Cached(), terminology.codeSystems());
                    validator = built;
                }
            }
        }
        return built;
    }
}
