package org.carerelay.identity;

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
import java.util.Map;
import org.carerelay.web.ProblemException;

/** The identity steward's queue of identity exceptions, each exception side by side, and the decisions on it. */
@Path("/identity/exceptions")
@RolesAllowed("identity-steward")
public class IdentityExceptionsResource {

    /** What the steward sent with a decision, to show it again with what was wrong. */
    public record Attempt(String action, String candidate, String text, String message, List<ProblemException.FieldError> errors) {

        static final Attempt NONE = new Attempt("", "", "", null, List.of());

        public boolean isFor(String name) {
            return action.equals(name);
        }

        public boolean chose(long clientId) {
            return candidate.equals(String.valueOf(clientId));
        }

        public String error(String name, String field) {
            return !isFor(name) ? "" : errors.stream().filter(e -> e.field().equals(field)).map(ProblemException.FieldError::message)
                    .findFirst().orElse("");
        }
    }

    /** The confirmation shown after each decision. */
    static final Map<String, String> DONE = Map.of(
            "same-person", "Linked as the same person. The provisional record's events, deliveries, markers and care relationships "
                    + "now belong to the existing client. You can undo this below.",
            "different-people", "Kept apart as different people. The exception is closed with your reason.",
            "undo", "The decision was undone. The exception is open again.");

    @CheckedTemplate(basePath = "IdentityExceptions")
    static class Templates {
        static native TemplateInstance queue(IdentityExceptions.Queue queue);

        static native TemplateInstance detail(IdentityExceptions.Detail detail, Attempt attempt, String done, int maxReason);
    }

    @Inject
    IdentityExceptions exceptions;

    @Inject
    IdentityDecisions decisions;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance queue() {
        return Templates.queue(exceptions.queue());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance detail(@PathParam("id") String id, @QueryParam("done") String done) {
        return Templates.detail(exceptions.detail(parse(id)), Attempt.NONE, done == null ? null : DONE.get(done), IdentityDecisions.MAX_REASON);
    }

    @POST
    @Path("/{id}/same-person")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response samePerson(@PathParam("id") String id, @FormParam("candidate") String candidate, @FormParam("note") String note) {
        long exceptionId = parse(id);
        return decide(exceptionId, "same-person", candidate, note, () -> decisions.samePerson(exceptionId, candidate, note));
    }

    @POST
    @Path("/{id}/different-people")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response differentPeople(@PathParam("id") String id, @FormParam("reason") String reason) {
        long exceptionId = parse(id);
        return decide(exceptionId, "different-people", null, reason, () -> decisions.differentPeople(exceptionId, reason));
    }

    @POST
    @Path("/{id}/undo")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response undo(@PathParam("id") String id, @FormParam("reason") String reason) {
        long exceptionId = parse(id);
        return decide(exceptionId, "undo", null, reason, () -> decisions.undo(exceptionId, reason));
    }

    private Response decide(long exceptionId, String action, String candidate, String text, Runnable decision) {
        try {
            decision.run();
            return Response.seeOther(URI.create("/identity/exceptions/" + exceptionId + "?done=" + action)).build();
        } catch (ProblemException e) {
            if (e.status != 400 && e.status != 409) {
                throw e;
            }
            Attempt attempt = new Attempt(action, candidate == null ? "" : candidate, text == null ? "" : text, e.getMessage(), e.errors);
            return Response.status(e.status)
                    .entity(Templates.detail(exceptions.detail(exceptionId), attempt, null, IdentityDecisions.MAX_REASON)).build();
        }
    }

    static long parse(String id) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            throw ProblemException.notFound("There is no identity exception " + id + ".");
        }
        return Long.parseLong(id);
    }
}
