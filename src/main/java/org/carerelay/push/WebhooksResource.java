package org.carerelay.push;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.carerelay.access.Purpose;
import org.carerelay.partnerapi.JsonBodies;
import org.carerelay.partnerapi.PartnerCaller;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A partner system's own webhook endpoints (docs/partner-api.md, "Webhooks"). */
@Path("/api/v1/webhooks")
@Tag(name = "Webhooks")
@RolesAllowed("partner-system")
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {

    @Inject
    Webhooks webhooks;

    @Inject
    PartnerCaller caller;

    @Inject
    JsonBodies bodies;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Register an endpoint", description = "Body: {\"url\": \"https://...\", \"kinds\": [\"delivery.created\", ...],"
            + " \"description\": \"...\"}. The answer carries the signing secret (whsec_...), shown only this once.")
    public Response register(@HeaderParam("Content-Type") String contentType, InputStream body) {
        Webhooks.WithSecret created = webhooks.register(caller(), bodies.read(contentType, body));
        return Response.created(URI.create("/api/v1/webhooks/" + created.endpoint().id())).entity(created).build();
    }

    @GET
    @Operation(summary = "Your agency's endpoints")
    public List<Webhooks.Endpoint> list() {
        return webhooks.list(caller().agencyId());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One endpoint: status, last success and failure, backlog, dead letters")
    public Webhooks.Endpoint get(@PathParam("id") String id) {
        return webhooks.get(caller(), parseId(id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Pause or resume an endpoint", description = "Body: {\"status\": \"paused\"} or {\"status\": \"active\"}."
            + " Paused endpoints keep their messages; resuming sends them, and re-enables an endpoint disabled by a 410.")
    public Webhooks.Endpoint patch(@PathParam("id") String id, @HeaderParam("Content-Type") String contentType, InputStream body) {
        long endpointId = parseId(id);
        JsonNode request = bodies.read(contentType, body);
        JsonNode status = request.isObject() && request.size() == 1 ? request.get("status") : null;
        String value = status != null && status.isTextual() ? status.asText() : "";
        if (!value.equals(EndpointStatus.PAUSED.code) && !value.equals(EndpointStatus.ACTIVE.code)) {
            throw ProblemException.invalid("Say whether to pause or resume the endpoint.",
                    List.of(new FieldError("status", "required, the only field: paused or active")));
        }
        return webhooks.setPaused(caller(), endpointId, value.equals(EndpointStatus.PAUSED.code));
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Rotate the signing secret", description = "The new secret is returned once; the previous one also signs for 24 hours.")
    public Webhooks.WithSecret rotate(@PathParam("id") String id) {
        return webhooks.rotate(caller(), parseId(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an endpoint and its unsent messages")
    public Response delete(@PathParam("id") String id) {
        webhooks.delete(caller(), parseId(id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/resend")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send one message again", description = "?message=<webhook-id>: a delivered or dead message, with the same webhook-id.")
    public Response resend(@PathParam("id") String id, @QueryParam("message") String message) {
        return Response.accepted(Map.of("queued", webhooks.resend(caller(), parseId(id), message))).build();
    }

    @POST
    @Path("/{id}/resend-since")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send again everything since a time", description = "?at=<ISO-8601 instant>: every delivered or dead message written since.")
    public Response resendSince(@PathParam("id") String id, @QueryParam("at") String at) {
        return Response.accepted(Map.of("queued", webhooks.resendSince(caller(), parseId(id), at))).build();
    }

    private Webhooks.Caller caller() {
        return new Webhooks.Caller(caller.agency().id(), caller.name(), Purpose.PARTNER_SYSTEM);
    }

    static long parseId(String id) {
        if (id != null && id.matches("\\d{1,18}")) {
            return Long.parseLong(id);
        }
        throw ProblemException.invalid("The endpoint id is not a number.", List.of(new FieldError("id", "must be a whole number")));
    }
}
