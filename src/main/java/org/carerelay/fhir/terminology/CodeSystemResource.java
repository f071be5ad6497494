package org.carerelay.fhir.terminology;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.Fhir;
import org.carerelay.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;

/** {@code /fhir/r4/CodeSystem}: the code systems CareRelay publishes (search by url, or all). */
@Path("/fhir/r4/CodeSystem")
@Tag(name = "FHIR R4")
@RolesAllowed("partner-system")
@Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
public class CodeSystemResource {

    @Inject
    Terminology terminology;

    @GET
    @Path("/{id}")
    public CodeSystem read(@PathParam("id") String id) {
        return terminology.codeSystem(id).orElseThrow(() -> ProblemException.notFound("No CodeSystem " + id + " on this server."));
    }

    @GET
    public Bundle search(@Context UriInfo uri, @QueryParam("url") String url) {
        List<CodeSystem> all = terminology.codeSystems();
        return Bundles.searchset(uri, url == null ? all : all.stream().filter(c -> c.getUrl().equals(url)).toList(), null);
    }
}
