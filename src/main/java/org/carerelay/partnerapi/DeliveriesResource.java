package org.carerelay.partnerapi;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.carerelay.deliveries.DeliveryDetails;
import org.carerelay.deliveries.DeliveryService;
import org.carerelay.deliveries.Outcome;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A recipient's own systems read and move their deliveries. */
@Path("/api/v1/deliveries/{id}")
@Tag(name = "Deliveries")
@RolesAllowed("partner-system")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveriesResource {

    @Inject
    DeliveryService deliveries;

    @Inject
    DeliveryDetails details;

    @Inject
    PartnerCaller caller;

    @Inject
    JsonBodies bodies;

    @GET
    @Operation(summary = "One delivery to your agency, with the fields your agreement and the client's consent allow")
    public DeliveryDetails.Details get(@PathParam("id") String id) {
        return details.forPartner(parseId(id), caller.agency().id());
    }

    @POST
    @Path("/acknowledge")
    @Operation(summary = "Acknowledge a new delivery")
    public DeliveryDetails.Details acknowledge(@PathParam("id") String id) {
        long deliveryId = parseId(id);
        deliveries.acknowledge(deliveryId, caller.actor(), null);
        return details.forPartner(deliveryId, caller.agency().id());
    }

    @POST
    @Path("/complete")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Complete a delivery with an outcome", description = "Body: {\"outcome\": \"actioned|no_action_needed|declined|transferred\", \"reason\": \"...\"}; a reason is required except for actioned.")
    public DeliveryDetails.Details complete(@PathParam("id") String id, @HeaderParam("Content-Type") String contentType, InputStream body) {
        long deliveryId = parseId(id);
        JsonNode request = bodies.read(contentType, body);
        List<FieldError> errors = new ArrayList<>();
        if (!request.isObject()) {
            throw ProblemException.invalid("The body must be a JSON object.", List.of(new FieldError("body", "must be a JSON object")));
        }
        request.fieldNames().forEachRemaining(name -> {
            if (!Set.of("outcome", "reason").contains(name)) {
                errors.add(new FieldError(name, "unknown field; allowed: outcome, reason"));
            }
        });
        JsonNode outcomeNode = request.get("outcome");
        Outcome outcome = outcomeNode != null && outcomeNode.isTextual() ? Outcome.of(outcomeNode.asText()).orElse(null) : null;
        if (outcome == null) {
            errors.add(new FieldError("outcome", "required: one of actioned, no_action_needed, declined, transferred"));
        }
        JsonNode reasonNode = request.get("reason");
        if (reasonNode != null && !reasonNode.isNull() && !reasonNode.isTextual()) {
            errors.add(new FieldError("reason", "must be text"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The completion has invalid fields.", errors);
        }
        String reason = reasonNode == null || reasonNode.isNull() ? null : reasonNode.asText();
        deliveries.complete(deliveryId, caller.actor(), outcome, reason, null);
        return details.forPartner(deliveryId, caller.agency().id());
    }

    static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("The delivery id is not a number.", List.of(new FieldError("id", "must be a whole number")));
        }
    }
}
