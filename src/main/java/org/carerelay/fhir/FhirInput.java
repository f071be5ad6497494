package org.carerelay.fhir;

import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Reads a resource a partner sends (for the FHIR writes): JSON only, at most 256 KB, checked by the
 * validator against R4 base as received, so that every problem, an unknown element included, is
 * refused at once with the FHIRPath of the bad element (400, one OperationOutcome issue each), then
 * parsed with the one context. Nothing is stored by a refused body.
 */
@ApplicationScoped
public class FhirInput {

    public static final int MAX_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Fhir fhir;

    @Inject
    ResourceValidator validator;

    public <T extends IBaseResource> T read(String contentType, byte[] body, Class<T> type) {
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals(Fhir.FHIR_JSON) && !media.equals("application/json")) {
            throw new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                    "Send the resource as application/fhir+json.");
        }
        if (body.length > MAX_BYTES) {
            throw new ProblemException(413, "payload-too-large", "Payload too large", "The body is over 256 KB (262,144 bytes).");
        }
        String json = new String(body, StandardCharsets.UTF_8);
        if (json.isBlank()) {
            throw ProblemException.invalid("The body is empty: send a " + type.getSimpleName() + ".",
                    List.of(new FieldError("body", "a " + type.getSimpleName() + " resource is required")));
        }
        return parse(json, type, 400);
    }

    /**
     * A resource as JSON, checked by the validator and parsed: its errors refused with {@code status}
     * (400 for a body as received; 422 for the result of a patch, as FHIR's PATCH says).
     */
    public <T extends IBaseResource> T parse(String json, Class<T> type, int status) {
        requireWellFormed(json);
        List<FieldError> errors = validator.errors(json).stream().map(FhirInput::error).toList();
        if (!errors.isEmpty()) {
            String message = errors.size() == 1 ? "The resource has one error." : "The resource has " + errors.size() + " errors.";
            throw status == 400 ? ProblemException.invalid(message, errors) : new ProblemException(status, "unprocessable", "Invalid result", message, errors);
        }
        IBaseResource parsed = fhir.jsonParser().parseResource(json);
        if (!type.isInstance(parsed)) {
            throw ProblemException.invalid("Expected a " + type.getSimpleName() + ", not a " + parsed.fhirType() + ".",
                    List.of(new FieldError("resourceType", "must be " + type.getSimpleName())));
        }
        return type.cast(parsed);
    }

    /** A JSON Patch body ({@code application/json-patch+json}): a JSON array of at most 256 KB. */
    public com.fasterxml.jackson.databind.JsonNode jsonPatch(byte[] body) {
        if (body.length > MAX_BYTES) {
            throw new ProblemException(413, "payload-too-large", "Payload too large", "The body is over 256 KB (262,144 bytes).");
        }
        try {
            com.fasterxml.jackson.databind.JsonNode ops = JSON.readTree(body);
            if (ops == null || !ops.isArray() || ops.isEmpty()) {
                throw ProblemException.invalid("A JSON Patch is a non-empty array of operations.",
                        List.of(new FieldError("body", "must be a JSON array of {op, path, value}")));
            }
            return ops;
        } catch (java.io.IOException e) {
            throw new ProblemException(400, "malformed-json", "Malformed JSON", "The body is not well-formed JSON.",
                    List.of(new FieldError("body", e.getMessage())));
        }
    }

    private static void requireWellFormed(String json) {
        try {
            if (!JSON.readTree(json).isObject()) {
                throw ProblemException.invalid("The body must be a JSON object (a FHIR resource).",
                        List.of(new FieldError("body", "must be a JSON object")));
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new ProblemException(400, "malformed-json", "Malformed JSON", "The body is not well-formed JSON" + where + ".",
                    List.of(new FieldError("body", e.getOriginalMessage() + where)));
        }
    }

    /** A validator message as a field error at its FHIRPath location (the validator's comments stripped). */
    static FieldError error(SingleValidationMessage m) {
        String location = m.getLocationString() == null ? "body" : m.getLocationString().replaceAll("/\\*.*?\\*/", "");
        String where = m.getLocationLine() != null && m.getLocationLine() > 0
                ? " (line " + m.getLocationLine() + ", column " + m.getLocationCol() + ")" : "";
        return new FieldError(location.isBlank() ? "body" : location, m.getMessage() + where);
    }
}
