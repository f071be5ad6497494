package org.carerelay.handover;

import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** GET /handovers/new: the empty handover form (optionally about a client the user may see). */
@Path("/handovers/new")
@RolesAllowed("frontline")
public class HandoverNewResource {

    @Inject
    HandoverFormPages form;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance start(@QueryParam("client") String clientId) {
        return form.start(clientId);
    }
}
