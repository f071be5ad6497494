package org.carerelay.handover;

import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.carerelay.web.PostedForm;

/** The agency's draft handovers: the list, and editing one until it is submitted. */
@Path("/handovers/drafts")
@RolesAllowed("frontline")
public class HandoverDraftsResource {

    @Inject
    HandoverFormPages form;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list() {
        return form.drafts();
    }

    @GET
    @Path("/{id}/edit")
    @Produces(MediaType.TEXT_HTML)
    public Response edit(@PathParam("id") long id, @QueryParam("saved") String saved) {
        return form.edit(id, saved);
    }

    @POST
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response update(@PathParam("id") long id, MultivaluedMap<String, String> posted) {
        return form.update(id, PostedForm.firstValues(posted));
    }
}
