package org.carerelay.fhir.subscription;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Set;
import org.carerelay.access.Purpose;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.Fhir;
import org.carerelay.fhir.FhirIds;
import org.carerelay.fhir.FhirInput;
import org.carerelay.fhir.PartnerResource;
import org.carerelay.fhir.SearchParams;
import org.carerelay.push.Webhooks;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Subscription;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /fhir/r4/Subscription}: topic-based subscriptions to Task changes (R4 Backport IG), the caller agency's own. */
@Path("/fhir/r4/Subscription")
@Tag(name = "FHIR R4")
@RolesAllowed("partner-system")
@Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
public class SubscriptionResource extends PartnerResource {

    @Inject
    FhirSubscriptions subscriptions;

    @Inject
    FhirInput input;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Subscribe to Task changes", description = "criteria: " + TaskTopic.URL + " with backport-filter-criteria "
            + "Task?owner=, requester=, status=; channel rest-hook, application/fhir+json, id-only; headers \"Name: value\" are sent with "
            + "every notification. 201 with the Subscription as stored (status active).")
    public Response create(byte[] body, @HeaderParam("Content-Type") String contentType) {
        Subscription created = subscriptions.create(subscriber(), input.read(contentType, body, Subscription.class));
        return Response.created(URI.create("/fhir/r4/Subscription/" + created.getIdElement().getIdPart())).entity(created)
                .type(Fhir.FHIR_JSON).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One of your agency's subscriptions")
    public Subscription read(@PathParam("id") String id) {
        return subscriptions.read(subscriber(), FhirIds.number(id, "Subscription"));
    }

    @GET
    @Operation(summary = "Your agency's subscriptions")
    public Bundle search(@Context UriInfo uri, @HeaderParam("Prefer") String prefer) {
        new SearchParams(uri.getQueryParameters(), Set.of(), prefer).check();
        return Bundles.searchset(uri, subscriptions.list(subscriber()), null);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "End a subscription: nothing more is sent, unsent notifications are dropped")
    public Response delete(@PathParam("id") String id) {
        subscriptions.delete(subscriber(), FhirIds.number(id, "Subscription"));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/$status")
    @Operation(summary = "The subscription's status and its number of events so far (events-since-subscription-start)")
    public Bundle status(@PathParam("id") String id) {
        return subscriptions.status(subscriber(), FhirIds.number(id, "Subscription"));
    }

    @GET
    @Path("/{id}/$events")
    @Operation(summary = "Notifications again by event number, for a receiver that missed some",
            description = "eventsSinceNumber and eventsUntilNumber (inclusive, optional); id-only, at most 100 events, then a next link.")
    public Bundle events(@PathParam("id") String id, @QueryParam("eventsSinceNumber") String since,
            @QueryParam("eventsUntilNumber") String until, @Context UriInfo uri) {
        return subscriptions.events(subscriber(), FhirIds.number(id, "Subscription"), since, until,
                from -> uri.getRequestUriBuilder().replaceQueryParam("eventsSinceNumber", from).build().toString());
    }

    private Webhooks.Caller subscriber() {
        return new Webhooks.Caller(agencyId(), caller.name(), Purpose.PARTNER_SYSTEM);
    }
}
