package org.carerelay.fhir.consent;

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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;

/** {@code /fhir/r4/Consent}: one recorded decision, or a client's decisions (oldest first). */
@Path("/fhir/r4/Consent")
@Tag(name = "FHIR R4")
@RolesAllowed("partner-system")
@Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
public class ConsentResource extends PartnerResource {

    @Inject
    ConsentReads reads;

    @GET
    @Path("/{id}")
    public Consent read(@PathParam("id") String id) {
        return read(id, "Consent", reads::read);
    }

    @GET
    public Bundle search(@Context UriInfo uri, @HeaderParam("Prefer") String prefer) {
        return searchByPatient(uri, prefer, Set.of("patient"), "Consent", reads::search);
    }
}
