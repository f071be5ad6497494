package org.carerelay.worklist;

import org.carerelay.access.Purpose;
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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.CurrentUser;
import org.carerelay.agencies.StaffDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.handover.HandoverQueries;
import org.carerelay.web.ProblemException;

/** The agency's worklist: what needs action now, acted on in one click, kept current live. */
@Path("/worklist")
@RolesAllowed("frontline")
public class WorklistResource {

    @CheckedTemplate(basePath = "Worklist")
    static class Templates {
        static native TemplateInstance page(WorklistService.WorklistPage page, WorklistFilter filter, List<ProblemException.FieldError> errors,
                List<EventType> types, List<StaffDirectory.StaffMember> team, boolean teamLead, Instant now,
                List<HandoverQueries.SourceQuery> handoverQueries);

        static native TemplateInstance page$row(WorklistRow row, List<StaffDirectory.StaffMember> team, boolean teamLead, Instant now);

        static native TemplateInstance arrivals(long arrived, Instant since);
    }

    @Inject
    WorklistService worklist;

    @Inject
    WorklistActions actions;

    @Inject
    HandoverQueries handoverQueries;

    @Inject
    CurrentUser user;

    @Inject
    StaffDirectory staff;

    @Inject
    Catalogue catalogue;

    @Inject
    AuditLog audit;

    @Inject
    AccessPolicy access;

    @Inject
    Clock clock;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("state") String state, @QueryParam("urgency") String urgency, @QueryParam("type") String type,
            @QueryParam("owner") String owner, @QueryParam("due") String due, @QueryParam("q") String q, @QueryParam("arrived") String arrived,
            @QueryParam("after") String after) {
        staff.seen(user);
        List<ProblemException.FieldError> errors = new ArrayList<>();
        WorklistFilter filter = WorklistFilter.parse(state, urgency, type, owner, due, q, arrived, after, errors);
        long agencyId = agencyId();
        WorklistService.WorklistPage page = worklist.page(agencyId, user.getUsername(), filter);
        audit.record(AuditRecord.list("worklist", Purpose.CARE_DELIVERY, page.rows().size() + " deliveries; " + filter.queryString(null)));
        return Templates.page(page, filter, errors, catalogue.currentTypes(), staff.frontline(agencyId), user.isTeamLead(), page.renderedAt(),
                handoverQueries.openForSource(agencyId));
    }

    @GET
    @Path("/rows/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance row(@PathParam("id") long id) {
        access.requireOwnDelivery(id, agencyId());
        WorklistRow row = worklist.row(agencyId(), id);
        if (row == null) {
            throw ProblemException.notFound("No delivery " + id + " for your agency.");
        }
        audit.record(AuditRecord.list("worklist-row", Purpose.CARE_DELIVERY, "delivery " + id));
        return Templates.page$row(row, staff.frontline(agencyId()), user.isTeamLead(), clock.instant());
    }

    @GET
    @Path("/new-since")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance arrivedSince(@QueryParam("since") String since) {
        Instant from;
        try {
            from = Instant.parse(since);
        } catch (RuntimeException e) {
            throw ProblemException.invalid("Bad 'since' time.", List.of(new ProblemException.FieldError("since", "an ISO-8601 instant")));
        }
        return Templates.arrivals(worklist.arrivedSince(agencyId(), from), from);
    }

    @POST
    @Path("/deliveries/{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance act(@PathParam("id") long id, @PathParam("action") String action, @FormParam("version") Integer version,
            @FormParam("outcome") String outcome, @FormParam("reason") String reason, @FormParam("assignee") String assignee,
            @FormParam("note") String note) {
        WorklistRow row = actions.act(id, action, version, outcome, reason, assignee, note);
        return Templates.page$row(row, staff.frontline(agencyId()), user.isTeamLead(), clock.instant());
    }

    private long agencyId() {
        return user.requireAgencyId();
    }
}
