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
import java.util.List;
import java.util.Set;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.Fhir;
import org.carerelay.fhir.FhirIds;
import org.carerelay.fhir.SearchParams;
import org.carerelay.partnerapi.PartnerCaller;
import org.carerelay.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;

/** {@code /fhir/r4/Consent}: one recorded decision, or a client's decisions (oldest first). */
@Path("/fhir/r4/Consent")
@Tag(name = "FHIR R4")
@RolesAllowed("partner-system")
@Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
public class ConsentResource {

    @Inject
    ConsentReads reads;

    @Inject
    PartnerCaller caller;

    @GET
    @Path("/{id}")
    public Consent read(@PathParam("id") String id) {
        return reads.read(FhirIds.number(id, "Consent"), caller.agency().id());
    }

    @GET
    public Bundle search(@Context UriInfo uri, @HeaderParam("Prefer") String prefer) {
        SearchParams params = new SearchParams(uri.getQueryParameters(), Set.of("patient"), prefer);
        Long patient = params.longReference("patient", "Patient").orElse(null);
        params.check();
        if (patient == null) {
            throw ProblemException.invalid("Search Consent by client.",
                    List.of(new ProblemException.FieldError("patient", "required: the client, e.g. patient=Patient/812")));
        }
        return Bundles.searchset(uri, reads.search(patient, caller.agency().id()), null);
    }
}
