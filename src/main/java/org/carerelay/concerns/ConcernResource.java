package org.carerelay.concerns;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.access.CurrentUser;
import org.carerelay.web.ProblemException;

/**
 * Multi-agency concerns in the portal: the concern page (its receiving agencies only), closing by a team lead, the
 * concern rules page for every signed-in member of a known agency, and new rule versions from commissioners (a form on
 * that page, or JSON to the same address answering problem+json on a refusal).
 */
@Path("/concerns")
@Authenticated
public class ConcernResource {

    @CheckedTemplate(basePath = "Concerns")
    static class Templates {
        static native TemplateInstance page(ConcernReading.View concern, String error);

        static native TemplateInstance rules(List<RuleStore.Version> current, List<RuleStore.Version> all, boolean mayPublish,
                String draft, String error, List<ProblemException.FieldError> errors, String published);
    }

    @Inject
    ConcernReading reading;

    @Inject
    ConcernRules rules;

    @Inject
    RuleStore ruleStore;

    @Inject
    CurrentUser user;

    @Inject
    ObjectMapper json;

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@PathParam("id") String id) {
        return Templates.page(reading.view(parse(id)), null);
    }

    @GET
    @Path("delivery/{id}")
    public Response ofDelivery(@PathParam("id") String id) {
        return Response.seeOther(URI.create("/concerns/" + reading.concernOfDelivery(parse(id)))).build();
    }

    @POST
    @Path("{id}/close")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response close(@PathParam("id") String id, @FormParam("outcome") String outcome, @FormParam("reason") String reason) {
        long concernId = parse(id);
        try {
            reading.close(concernId, outcome, reason);
        } catch (ProblemException e) {
            if (e.status != 400 && e.status != 409) {
                throw e;
            }
            String text = e.errors.isEmpty() ? e.getMessage()
                    : e.getMessage() + " " + String.join(" ", e.errors.stream().map(ProblemException.FieldError::message).toList());
            return Response.status(e.status).type(MediaType.TEXT_HTML_TYPE).entity(Templates.page(reading.view(concernId), text)).build();
        }
        return Response.seeOther(URI.create("/concerns/" + concernId)).build();
    }

    @GET
    @Path("rules")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance rulesPage() {
        user.requireAgency();
        return rulesView("", null, List.of(), null);
    }

    /** A new rule version from the form (commissioners): refused with every problem on the page, nothing stored. */
    @POST
    @Path("rules")
    @RolesAllowed("commissioner")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response submitForm(@FormParam("definition") String definition) {
        String text = definition == null ? "" : definition;
        try {
            RuleStore.Version v = rules.submit(parseRule(text), user.getUsername());
            return Response.ok(rulesView("", null, List.of(), v.code() + " version " + v.version() + " (" + v.status() + ")")).build();
        } catch (ProblemException e) {
            return Response.status(e.status).type(MediaType.TEXT_HTML_TYPE).entity(rulesView(text, e.getMessage(), e.errors, null)).build();
        }
    }

    /** A new rule version as JSON (commissioners): 201 with the version, or problem+json naming each bad field. */
    @POST
    @Path("rules")
    @RolesAllowed("commissioner")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submitJson(String body) {
        try {
            RuleStore.Version v = rules.submit(parseRule(body), user.getUsername());
            return Response.status(201).entity(Map.of("code", v.code(), "version", v.version(), "status", v.status())).build();
        } catch (ProblemException e) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", org.carerelay.web.ErrorResponses.PROBLEM_BASE + e.type);
            problem.put("title", e.title);
            problem.put("status", e.status);
            problem.put("detail", e.getMessage());
            problem.put("errors", e.errors);
            return Response.status(e.status).type("application/problem+json").entity(problem).build();
        }
    }

    private TemplateInstance rulesView(String draft, String error, List<ProblemException.FieldError> errors, String published) {
        return Templates.rules(ruleStore.current(), ruleStore.all(), user.isCommissioner(), draft, error, errors, published);
    }

    private ConcernRule parseRule(String text) {
        try {
            return json.readValue(text, ConcernRule.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw ProblemException.invalid("The concern rule was not saved: it is not a JSON rule definition.",
                    List.of(new ProblemException.FieldError("definition", "Definition: not readable as a rule (" + firstLine(e.getMessage()) + ").")));
        }
    }

    private static String firstLine(String message) {
        String m = message == null ? "invalid JSON" : message.lines().findFirst().orElse("invalid JSON");
        return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }

    private static long parse(String id) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            throw ProblemException.notFound("There is no concern " + (id == null ? "" : id.length() > 40 ? id.substring(0, 40) + "…" : id) + ".");
        }
        return Long.parseLong(id);
    }
}
