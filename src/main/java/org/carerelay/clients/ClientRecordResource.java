package org.carerelay.clients;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import org.carerelay.access.CurrentUser;
import org.carerelay.web.ProblemException;

/** The client's shared record: identity, markers, the timeline the viewer may see, the closed loop. */
@Path("/clients/{id}")
public class ClientRecordResource {

    @CheckedTemplate(basePath = "ClientRecord")
    static class Templates {
        static native TemplateInstance page(ClientRecord record, Instant now, boolean print,
                java.util.List<org.carerelay.agencies.AgencyDirectory.AgencyRef> agencies, boolean consentRecorded);

        static native TemplateInstance noAccess(long clientId, String message, boolean canBreakGlass);
    }

    @Inject
    ClientRecordService records;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    @Inject
    org.carerelay.agencies.AgencyDirectory agencies;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("id") String id, @jakarta.ws.rs.QueryParam("consent") String consent) {
        return render(id, false, "recorded".equals(consent));
    }

    @GET
    @Path("/print")
    @Produces(MediaType.TEXT_HTML)
    public Response print(@PathParam("id") String id) {
        return render(id, true, false);
    }

    private Response render(String id, boolean print, boolean consentRecorded) {
        long clientId = parse(id);
        try {
            return Response.ok(Templates.page(records.open(clientId), clock.instant(), print, agencies.all(), consentRecorded)).build();
        } catch (ProblemException e) {
            if (e.status != 403) {
                throw e;
            }
            boolean canBreakGlass = "no-care-relationship".equals(e.type) && user.isFrontline();
            return Response.status(403).entity(Templates.noAccess(clientId, e.getMessage(), canBreakGlass)).build();
        }
    }

    static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("There is no client " + id + ".");
        }
    }
}
