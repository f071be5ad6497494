package org.carerelay.partnerapi;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.carerelay.deliveries.DeliveryFeed;
import org.carerelay.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller agency's deliveries, oldest first, cursor-paged; nothing is ever skipped. */
@Path("/api/v1/feed")
@Tag(name = "Deliveries")
@RolesAllowed("partner-system")
public class FeedResource {

    @Inject
    DeliveryFeed feed;

    @Inject
    PartnerCaller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Pull your agency's deliveries", description = "Pass the 'next' cursor of a page as 'after' to get the following page. An empty page keeps the same cursor: poll again later.")
    public DeliveryFeed.Page page(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        int size = 100;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > DeliveryFeed.MAX_LIMIT) {
                throw ProblemException.invalid("The limit is out of range.",
                        List.of(new ProblemException.FieldError("limit", "a whole number from 1 to " + DeliveryFeed.MAX_LIMIT)));
            }
        }
        return feed.page(caller.agency().id(), after, size);
    }
}
