package org.carerelay.notify;

import io.quarkus.qute.CheckedTemplate;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.carerelay.web.ProblemException;

/**
 * Where a notice's links lead: {@code /urgent/link/{token}} (and {@code …/acknowledge}) behind the normal sign-in, then
 * the item page {@code /urgent/items/{id}} with the item's state and an Acknowledge button. A link that does not work
 * answers with a page that says why (404 unknown, 410 used or expired).
 */
@Path("/urgent")
@RolesAllowed("frontline")
public class UrgentItemResource {

    @CheckedTemplate(basePath = "UrgentItem")
    static class Templates {
        static native TemplateInstance page(UrgentItems.Item item, boolean acknowledged);

        static native TemplateInstance refused(UrgentItems.Refusal refusal, Long deliveryId);
    }

    @Inject
    UrgentItems items;

    @GET
    @Path("link/{token}")
    @Produces(MediaType.TEXT_HTML)
    public Response open(@PathParam("token") String token) {
        return use(token, false);
    }

    @GET
    @Path("link/{token}/acknowledge")
    @Produces(MediaType.TEXT_HTML)
    public Response openAndAcknowledge(@PathParam("token") String token) {
        return use(token, true);
    }

    @GET
    @Path("items/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance item(@PathParam("id") String id, @QueryParam("acknowledged") String acknowledged) {
        return Templates.page(items.item(parse(id)), "true".equals(acknowledged));
    }

    @POST
    @Path("items/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response acknowledge(@PathParam("id") String id) {
        long deliveryId = parse(id);
        try {
            items.acknowledge(deliveryId);
        } catch (ProblemException problem) {
            if (problem.status != 409) {
                throw problem;
            }
            return Response.seeOther(URI.create("/urgent/items/" + deliveryId)).build(); // acknowledged meanwhile: the page shows its state
        }
        return Response.seeOther(URI.create("/urgent/items/" + deliveryId + "?acknowledged=true")).build();
    }

    private Response use(String token, boolean acknowledge) {
        try {
            UrgentItems.Used used = items.useLink(token, acknowledge);
            return Response.seeOther(URI.create("/urgent/items/" + used.deliveryId() + (used.acknowledged() ? "?acknowledged=true" : "")))
                    .build();
        } catch (UrgentItems.LinkRefused refused) {
            return Response.status(refused.refusal.status).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.refused(refused.refusal, refused.deliveryId)).build();
        }
    }

    private static long parse(String id) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            throw ProblemException.notFound("There is no item " + id + ".");
        }
        return Long.parseLong(id);
    }
}
