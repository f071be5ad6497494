package org.carerelay.handover;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.carerelay.web.PostedForm;

/** POST /handovers: the new handover form, saved as a draft or submitted. */
@Path("/handovers")
@RolesAllowed("frontline")
public class HandoverFormResource {

    @Inject
    HandoverFormPages pages;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response create(MultivaluedMap<String, String> form) {
        return pages.create(PostedForm.firstValues(form));
    }
}
