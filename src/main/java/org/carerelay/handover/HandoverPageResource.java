package org.carerelay.handover;

import org.carerelay.clock.NetworkTimeZone;
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
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.function.Supplier;
import org.carerelay.access.CurrentUser;
import org.carerelay.web.FlashNotices;
import org.carerelay.web.ProblemException;
import org.carerelay.web.Notice;

/**
 * The handover page: what must happen when, the context, the checklist, queries and corrections,
 * the closed loop for the source; the recipient's actions (acknowledge, complete an action item,
 * record first contact) post back here and redirect with a notice; a print view for home visits.
 * Everything under /handovers/{id} but its queries ({@link HandoverQueriesResource}) and its correction
 * ({@link HandoverCorrectionResource}).
 */
@Path("/handovers/{id}")
@RolesAllowed("frontline")
public class HandoverPageResource {

    static final Set<String> REFUSALS = Set.of("invalid", "already-acknowledged", "already-completed", "not-responsible");

    @CheckedTemplate(basePath = "HandoverPage")
    static class Templates {
        static native TemplateInstance page(HandoverView view, Notice notice, String nowLocal);

        static native TemplateInstance print(HandoverView view);
    }

    @Inject
    HandoverReading reading;

    @Inject
    HandoverActions actions;

    @Inject
    FlashNotices flash;

    @Inject
    CurrentUser user;

    @Inject
    java.time.Clock clock;

    @Inject
    NetworkTimeZone network;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@PathParam("id") String id, @QueryParam("notice") String key) {
        Notice notice = flash.take(key, user.getUsername(), Notice.class).orElse(null);
        return render(parse(id), notice);
    }

    @GET
    @Path("print")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance print(@PathParam("id") String id) {
        return Templates.print(reading.open(parse(id), true));
    }

    @POST
    @Path("acknowledge")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response acknowledge(@PathParam("id") String id) {
        long handoverId = parse(id);
        return act(handoverId, () -> actions.acknowledge(handoverId));
    }

    @POST
    @Path("items/{itemId}/complete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response complete(@PathParam("id") String id, @PathParam("itemId") String itemId, @FormParam("outcome") String outcome,
            @FormParam("note") String note) {
        long handoverId = parse(id);
        long item = parse(itemId);
        return act(handoverId, () -> actions.completeItem(handoverId, item, outcome, note));
    }

    @POST
    @Path("first-contact")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response firstContact(@PathParam("id") String id, @FormParam("method") String method, @FormParam("when") String when,
            @FormParam("note") String note) {
        long handoverId = parse(id);
        return act(handoverId, () -> actions.firstContact(handoverId, method, when, note));
    }

    private Response act(long handoverId, Supplier<String> action) {
        String done;
        try {
            done = action.get();
        } catch (ProblemException e) {
            if (!REFUSALS.contains(e.type)) {
                throw e;
            }
            return Response.status(e.status).type(MediaType.TEXT_HTML_TYPE)
                    .entity(render(handoverId, Notice.notDone(e.getMessage() + " Nothing was stored."))).build();
        }
        String key = flash.put(user.getUsername(), Notice.done(done));
        return Response.seeOther(URI.create("/handovers/" + handoverId + "?notice=" + key)).build();
    }

    private TemplateInstance render(long id, Notice notice) {
        String now = LocalDateTime.ofInstant(clock.instant(), network.timeZone()).truncatedTo(ChronoUnit.MINUTES).toString();
        return Templates.page(reading.open(id, false), notice, now);
    }

    static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("There is no handover " + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + ".");
        }
    }
}
