package org.carerelay.fhir;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.carerelay.web.ProblemException.FieldError;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Every refusal under {@code /fhir} as an OperationOutcome: one issue per problem, each bad
 * element named by its FHIRPath expression (or the search parameter), with the HTTP status the
 * FHIR REST specification gives. Never a stack trace.
 */
@Singleton
public class FhirOutcomes {

    /** The partner API's problem types, so both APIs name a refusal the same way. */
    public static final String PROBLEM_TYPES = "https://carerelay.example.org/problems";

    /** A FHIRPath into a resource (Task, Task.owner, ServiceRequest.code.coding[0]); a search parameter or header is named in the diagnostics only. */
    static final java.util.regex.Pattern FHIR_PATH = java.util.regex.Pattern.compile("[A-Z][A-Za-z]+(\\.[A-Za-z_\\[\\]0-9()'=,. -]+)*");

    @Inject
    Fhir fhir;

    public Response response(int status, String type, String title, String message, List<FieldError> errors) {
        return Response.status(status).type(Fhir.FHIR_JSON).entity(json(status, type, title, message, errors)).build();
    }

    /** The OperationOutcome as JSON text, with what the caller sent never written back as markup ({@link org.carerelay.web.SafeJson}). */
    public String json(int status, String type, String title, String message, List<FieldError> errors) {
        return org.carerelay.web.SafeJson.htmlSafe(fhir.json(outcome(status, type, title, message, errors)));
    }

    public static OperationOutcome outcome(int status, String type, String title, String message, List<FieldError> errors) {
        OperationOutcome outcome = new OperationOutcome();
        IssueType code = issueType(status);
        if (errors.isEmpty()) {
            issue(outcome, code, type, title, message, null);
        } else {
            for (FieldError error : errors) {
                issue(outcome, code, type, title, error.message(), error.field());
            }
        }
        return outcome;
    }

    private static void issue(OperationOutcome outcome, IssueType code, String type, String title, String message, String location) {
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(IssueSeverity.ERROR).setCode(code)
                .setDetails(new CodeableConcept(new Coding(PROBLEM_TYPES, type, title)).setText(message))
                .setDiagnostics(location == null ? message : location + ": " + message);
        if (location != null && FHIR_PATH.matcher(location).matches()) {
            issue.addExpression(location);
        }
    }

    /** The issue type for an HTTP status, as the FHIR REST specification pairs them. */
    static IssueType issueType(int status) {
        return switch (status) {
            case 400 -> IssueType.INVALID;
            case 401 -> IssueType.LOGIN;
            case 403 -> IssueType.FORBIDDEN;
            case 404 -> IssueType.NOTFOUND;
            case 405, 406, 415 -> IssueType.NOTSUPPORTED;
            case 409, 412 -> IssueType.CONFLICT;
            case 410 -> IssueType.DELETED;
            case 413 -> IssueType.TOOLONG;
            case 422 -> IssueType.BUSINESSRULE;
            case 429 -> IssueType.THROTTLED;
            default -> status >= 500 ? IssueType.EXCEPTION : IssueType.PROCESSING;
        };
    }
}
