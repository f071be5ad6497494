package org.carerelay.team;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.CurrentUser;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.agencies.StaffDirectory;
import org.carerelay.deliveries.DeliveryService;
import org.carerelay.web.FlashNotices;
import org.carerelay.web.Notice;
import org.carerelay.web.ProblemException;

/**
 * The team lead's page: overdue and escalated deliveries of the agency (most overdue first), the
 * workload of each person and of the team queue, and a form on each overdue row to reassign it.
 * An assignment carries the version the lead saw, so a change made meanwhile by someone else is
 * reported, never overwritten.
 */
@Path("/team")
@RolesAllowed("team-lead")
public class TeamResource {

    static final String PAGE = "/team";

    @CheckedTemplate(basePath = "Team")
    static class Templates {
        static native TemplateInstance page(TeamBoard.Board board, Notice notice);
    }

    @Inject
    TeamBoard board;

    @Inject
    FlashNotices notices;

    @Inject
    DeliveryService deliveries;

    @Inject
    StaffDirectory staff;

    @Inject
    CurrentUser lead;

    @Inject
    AccessPolicy access;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("notice") String noticeKey) {
        Notice notice = notices.take(noticeKey, lead.getUsername(), Notice.class).orElse(null);
        return Templates.page(board.board(agency().id()), notice);
    }

    @POST
    @Path("/deliveries/{id}/assign")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response assign(@PathParam("id") String id, @FormParam("version") String version, @FormParam("owner") String owner) {
        long deliveryId = parseId(id);
        AgencyRef agency = agency();
        access.requireOwnDelivery(deliveryId, agency.id()); // first, so that a guessed id is refused (and audited) whatever else is wrong
        Integer seen = parseVersion(version);
        if (seen == null) {
            return refused(400, "The assignment was not made: the form did not say which version of the delivery you saw."
                    + " Reload the page and try again.");
        }
        String username = owner == null ? "" : owner.trim();
        if (!username.isEmpty() && !staff.isFrontlineOf(username, agency.id())) {
            String shown = username.length() > 100 ? username.substring(0, 100) + "…" : username;
            return refused(400, "The assignment was not made: \"" + shown + "\" is not a frontline member of " + agency.name()
                    + ". Nothing was changed.");
        }
        try {
            deliveries.assign(deliveryId, new DeliveryService.Actor(lead.getUsername(), agency.id(), lead.isTeamLead()),
                    username.isEmpty() ? null : username, seen);
        } catch (ProblemException e) {
            if (e.status == 409) {
                return refused(409, e.getMessage() + " Nothing was changed: check the row below and assign it again if still needed.");
            }
            throw e;
        }
        String what = board.describe(deliveryId, agency.id()).orElse("Delivery " + deliveryId);
        String to = username.isEmpty() ? "returned to the team queue"
                : "assigned to " + staff.frontline(agency.id()).stream().filter(m -> m.username().equals(username))
                        .map(m -> m.displayName() + " (" + m.username() + ")").findFirst().orElse(username);
        String key = notices.put(lead.getUsername(), Notice.done(what + " is " + to + "."));
        return Response.seeOther(URI.create(PAGE + "?notice=" + key)).build();
    }

    /** The page again, with what went wrong at the top and the current state below. */
    private Response refused(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.page(board.board(agency().id()), Notice.notDone(message))).build();
    }

    private AgencyRef agency() {
        return lead.requireAgency();
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("There is no delivery " + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + ".");
        }
    }

    private static Integer parseVersion(String version) {
        if (version == null || !version.trim().matches("\\d{1,9}")) {
            return null;
        }
        return Integer.valueOf(version.trim());
    }
}
