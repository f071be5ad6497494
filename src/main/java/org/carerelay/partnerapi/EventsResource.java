package org.carerelay.partnerapi;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.carerelay.events.EventIngest;
import org.carerelay.events.EventSubmission;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Partner systems push shared events here. */
@Path("/api/v1/events")
@Tag(name = "Events")
@RolesAllowed("partner-system")
public class EventsResource {

    static final String EXAMPLE = """
            {"type": "MISSED_CONTACT_AFTER_CRISIS",
             "client": {"localId": "MB-20931", "givenName": "Dana", "familyName": "Whitfield", "birthDate": "1987-04-12"},
             "occurredAt": "2026-11-25T09:30:00Z",
             "data": {"crisisDischargeDate": "2026-11-22", "missedContactAt": "2026-11-25T09:00:00Z",
                      "contactAttempts": 2, "lastKnownRiskLevel": "high"}}""";

    @Inject
    JsonBodies bodies;

    @Inject
    EventIngest ingest;

    @Inject
    IdempotentWrites idempotent;

    @Inject
    PartnerCaller caller;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Share an event", description = "Validated against the catalogue, routed only where an active sharing agreement (and, for behavioral-health events, the client's consent) allows. The agency is the token's.")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "missed contact", value = EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Stored and routed: the event id and one delivery per recipient",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "created",
                    value = "{\"id\": 4711, \"deliveries\": [{\"id\": 9001, \"agency\": \"harbor-support\", \"dueAt\": \"2026-11-26T09:30:00Z\", \"state\": \"new\"}]}")))
    @APIResponse(responseCode = "400", description = "Invalid fields, malformed JSON or missing Idempotency-Key (problem+json naming each field)")
    @APIResponse(responseCode = "409", description = "Idempotency-Key already used with a different body")
    @APIResponse(responseCode = "413", description = "Body over 256 KB")
    @APIResponse(responseCode = "415", description = "Body is not application/json")
    @APIResponse(responseCode = "422", description = "No active sharing agreement covers this event type from your agency")
    public Response share(@Parameter(description = "A unique key per event (e.g. a UUID); a retry with the same key and body gets the first response")
            @HeaderParam("Idempotency-Key") String key, @HeaderParam("Content-Type") String contentType, InputStream body) {
        IdempotentWrites.checkKey(key);
        JsonNode request = bodies.read(contentType, body);
        EventSubmission submission = ingest.validator().validate(request);
        IdempotentWrites.StoredResponse response = idempotent.once(caller.agency().id(), key, "POST /api/v1/events", request, 201,
                () -> EventCreated.of(ingest.ingest(submission, caller.submitter())));
        return response.toResponse();
    }
}
