package org.carerelay.fhir.audit;

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
import java.util.Optional;
import java.util.Set;
import org.carerelay.fhir.Fhir;
import org.carerelay.fhir.FhirStore;
import org.carerelay.fhir.SearchParams;
import org.carerelay.fhir.PartnerResource;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;

/** {@code /fhir/r4/AuditEvent}: the caller agency's own audit entries (search by date and patient; newest first, paged). */
@Path("/fhir/r4/AuditEvent")
@Tag(name = "FHIR R4")
@RolesAllowed("audit-reader")
@Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
public class AuditEventResource extends PartnerResource {

    @Inject
    AuditEventReads reads;

    @GET
    @Path("/{id}")
    public AuditEvent read(@PathParam("id") String id) {
        return read(id, "AuditEvent", reads::read);
    }

    @GET
    public Bundle search(@Context UriInfo uri, @HeaderParam("Prefer") String prefer) {
        SearchParams params = new SearchParams(uri.getQueryParameters(), Set.of("date", "patient"), prefer);
        SearchParams.Range date = params.range("date");
        Optional<Long> patient = params.longReference("patient", "Patient");
        int count = params.count();
        Long cursor = params.cursor();
        params.check();
        return searchset(uri, reads.search(new FhirStore.AuditQuery(agencyId(), patient.orElse(null), date.from(), date.before(), cursor,
                count), described(uri)));
    }
}
