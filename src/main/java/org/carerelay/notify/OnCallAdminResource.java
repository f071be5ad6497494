package org.carerelay.notify;

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
import java.util.Map;
import java.util.function.Supplier;
import org.carerelay.access.CurrentUser;
import org.carerelay.web.FlashNotices;
import org.carerelay.web.Notice;
import org.carerelay.web.ProblemException;

/**
 * The agency admin's "On-call notices" page: who hears of urgent items that wait unacknowledged (on-call contacts,
 * then team lead contacts), after how many minutes per urgency, and the newest notices with failed sends. A change
 * posts, then redirects back with a one-time notice; a bad value answers 400 with the page, the field marked.
 */
@Path("/admin/on-call")
@RolesAllowed("agency-admin")
public class OnCallAdminResource {

    static final String PAGE = "/admin/on-call";

    /** What the admin typed, shown again beside the errors. */
    public record Typed(Map<String, String> values) {
        public String get(String field) {
            return values.getOrDefault(field, "");
        }
    }

    @CheckedTemplate(basePath = "OnCallAdmin")
    static class Templates {
        static native TemplateInstance page(OnCallAdmin.Settings settings, Notice notice, Map<String, String> errors, Typed typed);
    }

    @Inject
    OnCallAdmin onCall;

    @Inject
    CurrentUser admin;

    @Inject
    FlashNotices notices;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("notice") String noticeKey) {
        Notice notice = notices.take(noticeKey, admin.getUsername(), Notice.class).orElse(null);
        return Templates.page(onCall.settings(admin.requireAgencyId()), notice, Map.of(), new Typed(Map.of()));
    }

    @POST
    @Path("contacts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response addContact(@FormParam("list") String list, @FormParam("address") String address) {
        return change(() -> onCall.addContact(caller(), list, address),
                Map.of("address-" + (list == null ? "" : list), address == null ? "" : address));
    }

    @POST
    @Path("contacts/{id}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response removeContact(@PathParam("id") String id) {
        long contactId = id.matches("[0-9]{1,18}") ? Long.parseLong(id) : -1;
        return change(() -> onCall.removeContact(caller(), contactId), Map.of());
    }

    @POST
    @Path("rules/{urgency}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response saveRule(@PathParam("urgency") String urgency, @FormParam("onCallMinutes") String onCallMinutes,
            @FormParam("leadMinutes") String leadMinutes) {
        return change(() -> onCall.saveRule(caller(), urgency, onCallMinutes, leadMinutes),
                Map.of("onCallMinutes-" + urgency, onCallMinutes == null ? "" : onCallMinutes,
                        "leadMinutes-" + urgency, leadMinutes == null ? "" : leadMinutes));
    }

    /** Runs the change: done, back to the page with a notice; refused, the page again (400) with the fields marked. */
    private Response change(Supplier<String> work, Map<String, String> typed) {
        String done;
        try {
            done = work.get();
        } catch (OnCallAdmin.Invalid invalid) {
            Notice notice = Notice.notDone("Nothing was changed. Correct the field marked below.");
            return Response.status(400).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.page(onCall.settings(admin.requireAgencyId()), notice, invalid.problems, new Typed(typed))).build();
        } catch (ProblemException problem) {
            if (problem.status == 403 || problem.status == 404) {
                throw problem;
            }
            Notice notice = Notice.notDone(problem.getMessage() + problem.errors.stream().map(e -> " " + e.message()).reduce("", String::concat));
            return Response.status(400).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.page(onCall.settings(admin.requireAgencyId()), notice, Map.of(), new Typed(typed))).build();
        }
        String key = notices.put(admin.getUsername(), Notice.done(done));
        return Response.seeOther(URI.create(PAGE + "?notice=" + key)).build();
    }

    private OnCallAdmin.Caller caller() {
        return new OnCallAdmin.Caller(admin.requireAgencyId(), admin.getUsername());
    }
}
