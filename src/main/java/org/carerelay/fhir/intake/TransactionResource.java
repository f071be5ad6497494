package org.carerelay.fhir.intake;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.carerelay.fhir.Fhir;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /fhir/r4}: a transaction Bundle that shares one event (Task, ServiceRequest or Communication, Patient). */
@Path("/fhir/r4")
@Tag(name = "FHIR R4")
@RolesAllowed("partner-system")
@Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
public class TransactionResource {

    @Inject
    Intake intake;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Share an event as a transaction Bundle",
            description = "Entries: the event (ServiceRequest or Communication, its fields as contained Observations), the Patient, and "
                    + "optionally a Task; all or nothing. 200 with a transaction-response naming each created resource.")
    public Response transaction(byte[] body, @HeaderParam("Content-Type") String contentType, @HeaderParam("Idempotency-Key") String key,
            @HeaderParam("If-None-Exist") String ifNoneExist, @HeaderParam("Prefer") String prefer) {
        return intake.postTransaction(body, new Intake.Headers(contentType, key, ifNoneExist, prefer));
    }
}
