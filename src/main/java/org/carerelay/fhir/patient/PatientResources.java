package org.carerelay.fhir.patient;

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
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.Fhir;
import org.carerelay.fhir.PartnerResource;
import org.carerelay.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;

/** {@code /fhir/r4/Patient/{id}}, {@code /fhir/r4/Flag} (status markers) and {@code /fhir/r4/Organization/{id}} (agencies). */
public final class PatientResources {

    private PatientResources() {
    }

    @Path("/fhir/r4/Patient")
    @Tag(name = "FHIR R4")
    @RolesAllowed("partner-system")
    @Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
    public static class Patients extends PartnerResource {

        @Inject
        PatientReads reads;

        @GET
        @Path("/{id}")
        public Patient read(@PathParam("id") String id) {
            return read(id, "Patient", reads::read);
        }
    }

    @Path("/fhir/r4/Flag")
    @Tag(name = "FHIR R4")
    @RolesAllowed("partner-system")
    @Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
    public static class Flags extends PartnerResource {

        @Inject
        PatientReads reads;

        @GET
        @Path("/{id}")
        public Flag read(@PathParam("id") String id) {
            return reads.flag(id, agencyId());
        }

        @GET
        public Bundle search(@Context UriInfo uri, @HeaderParam("Prefer") String prefer) {
            return searchByPatient(uri, prefer, Set.of("patient", "subject"), "Flag", reads::flags);
        }
    }

    @Path("/fhir/r4/Organization")
    @Tag(name = "FHIR R4")
    @RolesAllowed("partner-system")
    @Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
    public static class Organizations {

        @Inject
        AgencyDirectory agencies;

        @GET
        @Path("/{id}")
        public Organization read(@PathParam("id") String id) {
            return agencies.find(id).map(PatientMapper::organization)
                    .orElseThrow(() -> ProblemException.notFound("No Organization " + id + " on the CareRelay network."));
        }

        @GET
        public Bundle search(@Context UriInfo uri) {
            return Bundles.searchset(uri, agencies.all().stream().map(PatientMapper::organization).toList(), null);
        }
    }
}
