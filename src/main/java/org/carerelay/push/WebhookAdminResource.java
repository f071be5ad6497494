package org.carerelay.push;

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
import java.util.List;
import java.util.function.Supplier;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Purpose;
import org.carerelay.web.FlashNotices;
import org.carerelay.web.ProblemException;
import org.carerelay.web.Notice;

/**
 * The agency admin's webhook page: the agency's endpoints with status, last success, last failure and its
 * error, backlog and dead letters; pause or resume, send a test event, resend a dead letter or everything
 * since a time. Registration is the partner system's, through the API. Every form posts, then redirects back.
 */
@Path("/admin/webhooks")
@RolesAllowed("agency-admin")
public class WebhookAdminResource {

    static final String PAGE = "/admin/webhooks";
    static final int DEAD_LETTERS_SHOWN = 20;

    /** One endpoint on the page, with its newest dead letters. */
    public record EndpointView(EndpointStore.EndpointRow endpoint, List<EndpointStore.MessageRow> deadLetters) {
    }

    @CheckedTemplate(basePath = "WebhookAdmin")
    static class Templates {
        static native TemplateInstance page(List<EndpointView> endpoints, Notice notice, List<String> kinds);
    }

    @Inject
    Webhooks webhooks;

    @Inject
    CurrentUser admin;

    @Inject
    FlashNotices notices;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("notice") String noticeKey) {
        Webhooks.Caller caller = caller();
        Notice notice = notices.take(noticeKey, admin.getUsername(), Notice.class).orElse(null);
        List<EndpointView> endpoints = webhooks.rows(caller.agencyId()).stream()
                .map(e -> new EndpointView(e, webhooks.deadLetters(caller, e.id(), DEAD_LETTERS_SHOWN))).toList();
        return Templates.page(endpoints, notice, WebhookKind.subscribable());
    }

    @POST
    @Path("{id}/pause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response pause(@PathParam("id") String id) {
        return change(() -> {
            webhooks.setPaused(caller(), WebhooksResource.parseId(id), true);
            return "Endpoint " + id + " is paused; its messages are kept until you resume it.";
        });
    }

    @POST
    @Path("{id}/resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resume(@PathParam("id") String id) {
        return change(() -> {
            webhooks.setPaused(caller(), WebhooksResource.parseId(id), false);
            return "Endpoint " + id + " is active again.";
        });
    }

    @POST
    @Path("{id}/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response test(@PathParam("id") String id) {
        return change(() -> {
            webhooks.sendTest(caller(), WebhooksResource.parseId(id));
            return "A test event is on its way to endpoint " + id + ".";
        });
    }

    @POST
    @Path("{id}/resend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resend(@PathParam("id") String id, @FormParam("message") String message) {
        return change(() -> {
            webhooks.resend(caller(), WebhooksResource.parseId(id), message);
            return "Message " + message + " will be sent again.";
        });
    }

    @POST
    @Path("{id}/resend-since")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resendSince(@PathParam("id") String id, @FormParam("at") String at) {
        return change(() -> {
            int queued = webhooks.resendSince(caller(), WebhooksResource.parseId(id), at);
            return queued + (queued == 1 ? " message" : " messages") + " will be sent again.";
        });
    }

    /** Runs the change and redirects back with what happened; a refusal that is not about access becomes a notice. */
    private Response change(Supplier<String> work) {
        Notice notice;
        try {
            notice = Notice.done(work.get());
        } catch (ProblemException problem) {
            if (problem.status == 403 || problem.status == 404) {
                throw problem;
            }
            notice = Notice.notDone(problem.getMessage() + problem.errors.stream().map(e -> " " + e.field() + ": " + e.message())
                    .reduce("", String::concat));
        }
        String key = notices.put(admin.getUsername(), notice);
        return Response.seeOther(URI.create(PAGE + "?notice=" + key)).build();
    }

    private Webhooks.Caller caller() {
        return new Webhooks.Caller(admin.requireAgencyId(), admin.getUsername(), Purpose.ADMINISTRATION);
    }
}
