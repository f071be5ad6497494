package org.carerelay.sent;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import org.carerelay.access.CurrentUser;

/**
 * "Sent": the events this agency shared, newest first, with where each stands at every recipient
 * (state, owner, due time, overdue, outcome, and how long each step took).
 */
@Path("/sent")
@RolesAllowed("frontline")
public class SentResource {

    /** The banner after raising an event: how many agencies it went to. */
    public record Raised(long eventId, long agencies) {

        public String message() {
            return agencies == 0 ? "Event recorded; it was not shared with any agency."
                    : "Event shared with " + agencies + (agencies == 1 ? " agency." : " agencies.");
        }
    }

    @CheckedTemplate(basePath = "Sent")
    static class Templates {
        static native TemplateInstance page(SentEvents.Page page, Raised raised, Instant now);
    }

    @Inject
    SentEvents sent;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("before") String before, @QueryParam("raised") String raised) {
        long agencyId = user.requireAgencyId();
        Raised banner = raisedEvent(raised).flatMap(id -> sent.recipientCount(agencyId, id).map(n -> new Raised(id, n)))
                .orElse(null);
        return Templates.page(sent.page(agencyId, before), banner, clock.instant());
    }

    private static java.util.Optional<Long> raisedEvent(String raised) {
        if (raised == null || !raised.matches("\\d{1,18}")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Long.parseLong(raised));
    }
}
