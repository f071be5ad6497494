package org.carerelay.fhir.handover;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.carerelay.fhir.Fhir;
import org.carerelay.fhir.PartnerResource;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Bundle;

/** {@code /fhir/r4/Bundle/{id}}: a discharge handover (the id is the handover's; Task.input links to it). */
@Path("/fhir/r4/Bundle")
@Tag(name = "FHIR R4")
@RolesAllowed("partner-system")
@Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
public class BundleResource extends PartnerResource {

    @Inject
    HandoverBundleReads reads;

    @GET
    @Path("/{id}")
    public Bundle read(@PathParam("id") String id) {
        return read(id, "Bundle", reads::read);
    }
}
