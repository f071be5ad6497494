package org.carerelay.access;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.carerelay.web.ProblemException;

/** The emergency-access request form for a client without a care relationship. */
@Path("/clients/{id}/break-glass")
@RolesAllowed("frontline")
public class BreakGlassResource {

    @CheckedTemplate(basePath = "BreakGlass")
    static class Templates {
        static native TemplateInstance form(long clientId, Map<String, String> reasons, String chosen, String justification,
                int minLength, List<ProblemException.FieldError> errors);
    }

    @Inject
    BreakGlass breakGlass;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance form(@PathParam("id") long clientId) {
        return Templates.form(clientId, BreakGlass.REASONS, null, "", BreakGlass.MIN_JUSTIFICATION, List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response request(@PathParam("id") long clientId, @FormParam("reason") String reason,
            @FormParam("justification") String justification) {
        try {
            breakGlass.request(clientId, reason, justification);
            return Response.seeOther(URI.create("/clients/" + clientId)).build();
        } catch (ProblemException e) {
            if (e.status != 400) {
                throw e;
            }
            return Response.status(400).entity(Templates.form(clientId, BreakGlass.REASONS, reason,
                    justification == null ? "" : justification, BreakGlass.MIN_JUSTIFICATION, e.errors)).build();
        }
    }
}
