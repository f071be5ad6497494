package org.carerelay.handover;

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
import java.util.List;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.CurrentUser;
import org.carerelay.web.ProblemException;
import org.jboss.resteasy.reactive.RestForm;

/** The queries on a handover: the list, a recipient raising one, the source answering one. */
@Path("/handovers/{id}/queries")
@RolesAllowed("frontline")
public class HandoverQueriesResource {

    /** What the queries page shows. */
    public record QueriesView(Handover handover, boolean source, boolean latest, List<HandoverQueries.QueryRow> queries,
            List<HandoverPart> parts, String notice, List<ProblemException.FieldError> errors, String part, String kind,
            String text) {
    }

    @CheckedTemplate(basePath = "HandoverQueries")
    static class Templates {
        static native TemplateInstance queries(QueriesView view);
    }

    @Inject
    HandoverQueries queries;

    @Inject
    CurrentUser user;

    @Inject
    AccessPolicy access;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@PathParam("id") long id, @QueryParam("notice") String notice) {
        String message = switch (notice == null ? "" : notice) {
            case "raised" -> "Your query was sent to the agency that shared this handover.";
            case "answered" -> "Your answer was saved; the agency that raised the query sees it here.";
            case "corrected" -> "The corrected version was shared; the open queries on the previous version are marked corrected.";
            default -> null;
        };
        return page(access.requireHandover(id, HandoverQueries.RESOURCE), message, List.of(), null, null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response raise(@PathParam("id") long id, @RestForm String part, @RestForm String kind, @RestForm String text) {
        try {
            queries.raise(id, part, kind, text);
        } catch (ProblemException e) {
            if (e.status != 400) {
                throw e;
            }
            return Response.status(400).entity(page(access.requireHandover(id, HandoverQueries.RESOURCE), e.getMessage(), e.errors, part, kind, text)).build();
        }
        return Response.seeOther(URI.create("/handovers/" + id + "/queries?notice=raised")).build();
    }

    @POST
    @Path("{queryId}/answer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response answer(@PathParam("id") long id, @PathParam("queryId") long queryId, @RestForm String answer) {
        try {
            queries.answer(id, queryId, answer);
        } catch (ProblemException e) {
            if (e.status != 400) {
                throw e;
            }
            List<ProblemException.FieldError> errors = List.of(new ProblemException.FieldError("answer-" + queryId, "required"));
            return Response.status(400).entity(page(access.requireHandover(id, HandoverQueries.RESOURCE), e.getMessage(), errors, null, null, null)).build();
        }
        return Response.seeOther(URI.create("/handovers/" + id + "/queries?notice=answered")).build();
    }

    private TemplateInstance page(AccessPolicy.HandoverAccess a, String notice, List<ProblemException.FieldError> errors, String part,
            String kind, String text) {
        Handover h = a.handover();
        return Templates.queries(new QueriesView(h, a.source(), h.status == HandoverStatus.SUBMITTED, queries.list(a), HandoverPart.queryable(),
                notice, errors, part, kind, text));
    }
}
