package org.carerelay.fhir.event;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.Fhir;
import org.carerelay.fhir.FhirIds;
import org.carerelay.fhir.SearchParams;
import org.carerelay.partnerapi.PartnerCaller;
import org.carerelay.web.ProblemException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /fhir/r4/ServiceRequest} and {@code /fhir/r4/Communication}: one event, or a client's events. */
public final class EventResources {

    static final Set<String> PARAMETERS = Set.of("patient", "subject");

    private EventResources() {
    }

    static Bundle search(EventReads reads, EventKind kind, UriInfo uri, String prefer, long callerAgencyId) {
        SearchParams params = new SearchParams(uri.getQueryParameters(), PARAMETERS, prefer);
        Long patient = params.longReference("patient", "Patient").or(() -> params.longReference("subject", "Patient")).orElse(null);
        params.check();
        if (patient == null) {
            throw ProblemException.invalid("Search " + kind.resourceType + " by client.",
                    List.of(new ProblemException.FieldError("patient", "required: the client, e.g. patient=Patient/812")));
        }
        List<DomainResource> found = reads.search(kind, patient, callerAgencyId);
        return Bundles.searchset(uri, found, null);
    }

    @Path("/fhir/r4/ServiceRequest")
    @Tag(name = "FHIR R4")
    @RolesAllowed("partner-system")
    @Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
    public static class ServiceRequests {

        @Inject
        EventReads reads;

        @Inject
        PartnerCaller caller;

        @GET
        @Path("/{id}")
        public DomainResource read(@PathParam("id") String id) {
            return reads.read(EventKind.SERVICE_REQUEST, FhirIds.number(id, "ServiceRequest"), caller.agency().id());
        }

        @GET
        public Bundle search(@Context UriInfo uri, @HeaderParam("Prefer") String prefer) {
            return EventResources.search(reads, EventKind.SERVICE_REQUEST, uri, prefer, caller.agency().id());
        }
    }

    @Path("/fhir/r4/Communication")
    @Tag(name = "FHIR R4")
    @RolesAllowed("partner-system")
    @Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
    public static class Communications {

        @Inject
        EventReads reads;

        @Inject
        PartnerCaller caller;

        @GET
        @Path("/{id}")
        public DomainResource read(@PathParam("id") String id) {
            return reads.read(EventKind.COMMUNICATION, FhirIds.number(id, "Communication"), caller.agency().id());
        }

        @GET
        public Bundle search(@Context UriInfo uri, @HeaderParam("Prefer") String prefer) {
            return EventResources.search(reads, EventKind.COMMUNICATION, uri, prefer, caller.agency().id());
        }
    }
}
