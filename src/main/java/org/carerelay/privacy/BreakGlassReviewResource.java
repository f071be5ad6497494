package org.carerelay.privacy;

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
import org.carerelay.access.BreakGlass;
import org.carerelay.web.ProblemException;

/** The break-glass review queue and the review form of each emergency access. */
@Path("/privacy/break-glass")
@RolesAllowed("privacy-officer")
public class BreakGlassReviewResource {

    /** What the officer typed into one grant's form, to show it again with the errors. */
    public record Attempt(long grantId, String outcome, String note, String message, List<ProblemException.FieldError> errors) {

        static final Attempt NONE = new Attempt(-1, "", "", null, List.of());

        public boolean isFor(long id) {
            return grantId == id;
        }

        public String outcomeError(long id) {
            return isFor(id) ? fieldError("outcome-" + id) : "";
        }

        public String noteError(long id) {
            return isFor(id) ? fieldError("note-" + id) : "";
        }

        String fieldError(String field) {
            return errors.stream().filter(e -> e.field().equals(field)).map(ProblemException.FieldError::message).findFirst()
                    .orElse("");
        }
    }

    @CheckedTemplate(basePath = "Privacy")
    static class Templates {
        static native TemplateInstance breakGlass(BreakGlassReviews.Queue queue, Attempt attempt, Long reviewed,
                Map<String, String> reasons, int maxNote);
    }

    @Inject
    BreakGlassReviews reviews;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance queue(@QueryParam("reviewed") String reviewed) {
        Long confirmed = null;
        if (reviewed != null && reviewed.matches("[0-9]{1,18}")) {
            confirmed = Long.parseLong(reviewed);
        }
        return page(Attempt.NONE, confirmed);
    }

    @POST
    @Path("/{id}/review")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response review(@PathParam("id") String id, @FormParam("outcome") String outcome, @FormParam("note") String note) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            throw ProblemException.notFound("There is no emergency access " + id + ".");
        }
        long grantId = Long.parseLong(id);
        try {
            reviews.review(grantId, outcome, note);
            return Response.seeOther(URI.create("/privacy/break-glass?reviewed=" + grantId)).build();
        } catch (ProblemException e) {
            if (e.status != 400 && e.status != 409 && e.status != 403) {
                throw e;
            }
            Attempt attempt = new Attempt(grantId, outcome == null ? "" : outcome, note == null ? "" : note, e.getMessage(), e.errors);
            return Response.status(e.status).entity(page(attempt, null)).build();
        }
    }

    private TemplateInstance page(Attempt attempt, Long reviewed) {
        return Templates.breakGlass(reviews.queue(), attempt, reviewed, BreakGlass.REASONS, BreakGlassReviews.MAX_NOTE);
    }
}
