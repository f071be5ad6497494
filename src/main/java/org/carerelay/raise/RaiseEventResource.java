package org.carerelay.raise;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.carerelay.catalogue.EventType;
import org.carerelay.raise.RaiseView.ChoiceGroup;
import org.carerelay.raise.RaiseView.ClientSummary;
import org.carerelay.raise.RaiseView.FormView;
import org.carerelay.web.PostedForm;
import org.carerelay.web.ProblemException;

/**
 * "Raise an event": choose a type the agency may send, fill the form generated from its dataset,
 * preview the recipients (htmx, nothing stored), and share it.
 */
@Path("/events")
@RolesAllowed("frontline")
public class RaiseEventResource {

    @CheckedTemplate(basePath = "RaiseEvent")
    static class Templates {
        static native TemplateInstance choose(List<ChoiceGroup> groups, ClientSummary client, String notice);

        static native TemplateInstance form(FormView view);

        static native TemplateInstance form$raiseform(FormView view);
    }

    @Inject
    RaiseEventService raise;

    @GET
    @Path("/new")
    @Produces(MediaType.TEXT_HTML)
    public Response start(@QueryParam("type") String typeCode, @QueryParam("client") String clientId) {
        RaiseClients.Prefilled prefilled = raise.prefilled(clientId);
        if (typeCode == null || typeCode.isBlank()) {
            return Response.ok(choose(prefilled, null)).build();
        }
        EventType type = raise.currentType(typeCode.trim()).orElse(null);
        if (type == null) {
            return Response.status(404).entity(choose(prefilled, "There is no event type " + typeCode.trim() + ". Choose one below.")).build();
        }
        if (!raise.maySend(type)) {
            return Response.ok(choose(prefilled, "Your agency cannot send " + type.title
                    + ": no active sharing agreement covers it. Choose one of the events below.")).build();
        }
        return Response.ok(Templates.form(raise.newForm(type, prefilled))).build();
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response preview(MultivaluedMap<String, String> form, @HeaderParam("HX-Request") String htmx) {
        return withType(PostedForm.firstValues(form), (type, input) -> {
            FormView view = raise.preview(type, input);
            return Response.ok("true".equals(htmx) ? Templates.form$raiseform(view) : Templates.form(view)).build();
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response submit(MultivaluedMap<String, String> form) {
        return withType(PostedForm.firstValues(form), (type, input) -> {
            RaiseEventService.Submitted submitted = raise.submit(type, input);
            if (submitted.eventId() != null) {
                return Response.seeOther(URI.create("/sent?raised=" + submitted.eventId())).build();
            }
            return Response.status(submitted.status()).entity(Templates.form(submitted.form())).build();
        });
    }

    /**
     * The posted form's event type, then the page for it; an unknown type or one the agency may not send gets the
     * choice of types again (400). Every field is passed on: the data fields' names depend on the event type.
     */
    private Response withType(Map<String, String> input, BiFunction<EventType, Map<String, String>, Response> page) {
        EventType type;
        try {
            type = raise.type(input.get("type"));
        } catch (ProblemException e) {
            return Response.status(400).entity(choose(raise.prefilled(input.get(RaiseForm.CLIENT_ID)), e.getMessage())).build();
        }
        return page.apply(type, input);
    }

    private TemplateInstance choose(RaiseClients.Prefilled prefilled, String notice) {
        ClientSummary client = prefilled == null ? null
                : new ClientSummary(prefilled.clientId(), prefilled.name(), prefilled.birthDate(), prefilled.localId());
        return Templates.choose(raise.choices(), client, notice);
    }
}
