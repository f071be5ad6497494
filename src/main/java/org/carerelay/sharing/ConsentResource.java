package org.carerelay.sharing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Staff record a client's consent decision from the client's record. */
@Path("/clients/{id}/consent")
@RolesAllowed("frontline")
public class ConsentResource {

    @Inject
    ConsentRecording recording;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response record(@PathParam("id") long clientId, @FormParam("recipient") String recipient,
            @FormParam("category") String category, @FormParam("status") String status) {
        recording.record(clientId, recipient, category, status);
        return Response.seeOther(URI.create("/clients/" + clientId + "?consent=recorded#consent-heading")).build();
    }
}
