package org.carerelay.raise;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.carerelay.access.CurrentUser;
import org.carerelay.web.ProblemException;

/** The event guide: the catalogue as training, for every signed-in member of a known agency. */
@Path("/guide")
@Authenticated
public class EventGuideResource {

    @CheckedTemplate(basePath = "EventGuide")
    static class Templates {
        static native TemplateInstance page(String agencyName, List<EventGuide.Pathway> pathways);
    }

    @Inject
    EventGuide guide;

    @Inject
    CurrentUser user;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        var agency = user.requireAgency();
        return Templates.page(agency.name(), guide.forAgency(agency.id()));
    }
}
