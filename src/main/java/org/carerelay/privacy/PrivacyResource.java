package org.carerelay.privacy;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The privacy officer's start page: the access log, the break-glass queue, a client's disclosures. */
@Path("/privacy")
@RolesAllowed("privacy-officer")
public class PrivacyResource {

    @CheckedTemplate(basePath = "Privacy")
    static class Templates {
        static native TemplateInstance start(long unreviewed, String client, String error);
    }

    @Inject
    BreakGlassReviews reviews;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance start() {
        return Templates.start(reviews.unreviewedCount(), "", null);
    }

    /** The "open a client's disclosures" field: a client id leads to the accounting, anything else is explained. */
    @GET
    @Path("/disclosures")
    @Produces(MediaType.TEXT_HTML)
    public Response openDisclosures(@QueryParam("client") String client) {
        String typed = client == null ? "" : client.trim();
        if (typed.matches("[0-9]{1,18}") && Long.parseLong(typed) > 0) {
            return Response.seeOther(URI.create("/privacy/clients/" + Long.parseLong(typed) + "/disclosures")).build();
        }
        String error = typed.isEmpty() ? "Client id: enter the client's number, e.g. 1042."
                : "Client id: “" + (typed.length() > 40 ? typed.substring(0, 40) + "…" : typed) + "” is not a client number. Use the number only, e.g. 1042.";
        return Response.status(400).entity(Templates.start(reviews.unreviewedCount(), typed, error)).build();
    }
}
