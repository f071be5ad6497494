package org.carerelay.partnerapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.carerelay.handover.Handover;
import org.carerelay.handover.HandoverDocument;
import org.carerelay.handover.HandoverService;
import org.carerelay.handover.HandoverStore;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Hospital systems submit structured discharge handovers here. */
@Path("/api/v1/handovers")
@Tag(name = "Handovers")
@RolesAllowed("partner-system")
public class HandoversResource {

    static final String EXAMPLE = """
            {"client": {"localId": "RIV-77812", "givenName": "Maria", "familyName": "Okafor", "birthDate": "1949-03-02"},
             "dischargeDate": "2026-11-25", "dischargeRecommendation": "home_with_support", "urgency": "urgent_review",
             "triageNotes": "Admitted after a fall at home; hip fracture repaired, recovering well.",
             "medicationRiskFlags": [{"medication": "Warfarin", "risk": "Bleeding risk; INR check due", "severity": "high"}],
             "mobilityConcerns": "Walks short distances with a frame; needs help on stairs.",
             "followUpNeeds": ["INR check within 3 days", "Physiotherapy home visit"],
             "unresolvedConcerns": "Lives alone; family visit weekly.",
             "symptomReporting": "Report dizziness, bruising or a new fall by phone the same day.",
             "escalationRules": [{"if": "A new fall or head injury", "then": "Call 911 and inform the ward"}],
             "actionItems": [{"description": "First contact at home", "windowHours": 24, "responsibleAgency": "eastside-community"},
                             {"description": "Medication review", "windowHours": 72, "responsibleAgency": "eastside-community"}]}""";

    static final String CREATED = """
            {"id": 311, "eventId": 4712, "version": 1, "incomplete": false, "missing": [],
             "actionItems": [{"id": 901, "description": "First contact at home", "windowHours": 24, "dueAt": "2026-11-26T09:30:00Z", "responsibleAgency": "eastside-community"}],
             "deliveries": [{"id": 9002, "agency": "eastside-community", "dueAt": "2026-11-26T09:30:00Z", "state": "new", "minimumNotice": false}]}""";

    @Inject
    JsonBodies bodies;

    @Inject
    ObjectMapper json;

    @Inject
    HandoverService handovers;

    @Inject
    IdempotentWrites idempotent;

    @Inject
    PartnerCaller caller;

    @Inject
    HandoverStore store;

    @Inject
    EntityManager em;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a discharge handover", description = "The structured discharge dataset. Shared as a DISCHARGE_HANDOVER event where an active sharing agreement allows; each action item is due at submission plus its window. Missing required parts (discharge date, recommendation, triage notes, mobility concerns, follow-up needs, action items) do not refuse it: it is stored incomplete, listed in \"missing\", and a query goes back to your agency.")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "complete handover", value = EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Stored and shared: the handover, its action items and one delivery per recipient",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "created", value = CREATED)))
    @APIResponse(responseCode = "400", description = "Unknown or invalid fields, malformed JSON or missing Idempotency-Key (problem+json naming each field by its JSON path)")
    @APIResponse(responseCode = "409", description = "Idempotency-Key already used with a different body")
    @APIResponse(responseCode = "413", description = "Body over 256 KB")
    @APIResponse(responseCode = "415", description = "Body is not application/json")
    @APIResponse(responseCode = "422", description = "No active sharing agreement covers discharge handovers from your agency")
    public Response submit(@Parameter(description = "A unique key per handover (e.g. a UUID); a retry with the same key and body gets the first response")
            @HeaderParam("Idempotency-Key") String key, @HeaderParam("Content-Type") String contentType, InputStream body) {
        IdempotentWrites.checkKey(key);
        JsonNode request = bodies.read(contentType, body);
        HandoverDocument document = document(json, request);
        handovers.check(document, caller.agency().id());
        IdempotentWrites.StoredResponse response = idempotent.once(caller.agency().id(), key, "POST /api/v1/handovers", request, 201,
                () -> {
                    Handover h = handovers.submit(document, caller.submitter());
                    return HandoverCreated.of(h, store, em);
                });
        return response.toResponse();
    }

    /** Binds the body strictly: an unknown field anywhere, or a value of the wrong type, is named by its JSON path. */
    static HandoverDocument document(ObjectMapper json, JsonNode request) {
        if (!request.isObject()) {
            throw ProblemException.invalid("The body must be a JSON object.", List.of(new FieldError("body", "must be a JSON object")));
        }
        try {
            return json.readerFor(HandoverDocument.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .readValue(request);
        } catch (UnrecognizedPropertyException e) {
            String at = path(e);
            throw ProblemException.invalid("Unknown field " + at + ".", List.of(new FieldError(at, "unknown field")));
        } catch (InvalidFormatException e) {
            String at = path(e);
            throw ProblemException.invalid("Field " + at + " has a value of the wrong type.",
                    List.of(new FieldError(at, "must be " + expected(e.getTargetType()))));
        } catch (MismatchedInputException e) {
            String at = path(e);
            throw ProblemException.invalid("Field " + at + " has a value of the wrong type.",
                    List.of(new FieldError(at, "must be " + expected(e.getTargetType()))));
        } catch (JsonMappingException e) {
            String at = path(e);
            throw ProblemException.invalid("Field " + at + " is invalid.", List.of(new FieldError(at, "invalid value")));
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("The body could not be read.", List.of(new FieldError("body", "invalid")));
        } catch (IOException e) {
            throw ProblemException.invalid("The body could not be read.", List.of(new FieldError("body", "could not be read")));
        }
    }

    static String path(JsonMappingException e) {
        StringBuilder at = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!at.isEmpty()) {
                    at.append('.');
                }
                at.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                at.append('[').append(r.getIndex()).append(']');
            }
        }
        return at.isEmpty() ? "body" : at.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
