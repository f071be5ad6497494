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
import java.util.Set;
import org.carerelay.fhir.Fhir;
import org.carerelay.fhir.PartnerResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /fhir/r4/ServiceRequest} and {@code /fhir/r4/Communication}: one event, or a client's events. */
public final class EventResources {

    static final Set<String> PARAMETERS = Set.of("patient", "subject");

    private EventResources() {
    }

    /** Read and search of one kind of event; the two subclasses name the resource type. */
    abstract static class EventResource extends PartnerResource {

        @Inject
        EventReads reads;

        abstract EventKind kind();

        @GET
        @Path("/{id}")
        @RolesAllowed("partner-system")
        public DomainResource read(@PathParam("id") String id) {
            return read(id, kind().resourceType, (number, agency) -> reads.read(kind(), number, agency));
        }

        @GET
        @RolesAllowed("partner-system")
        public Bundle search(@Context UriInfo uri, @HeaderParam("Prefer") String prefer) {
            return searchByPatient(uri, prefer, PARAMETERS, kind().resourceType, (patient, agency) -> reads.search(kind(), patient, agency));
        }
    }

    @Path("/fhir/r4/ServiceRequest")
    @Tag(name = "FHIR R4")
    @RolesAllowed("partner-system")
    @Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
    public static class ServiceRequests extends EventResource {

        @Override
        EventKind kind() {
            return EventKind.SERVICE_REQUEST;
        }
    }

    @Path("/fhir/r4/Communication")
    @Tag(name = "FHIR R4")
    @RolesAllowed("partner-system")
    @Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
    public static class Communications extends EventResource {

        @Override
        EventKind kind() {
            return EventKind.COMMUNICATION;
        }
    }
}
