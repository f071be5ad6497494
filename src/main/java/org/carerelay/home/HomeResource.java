package org.carerelay.home;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.carerelay.access.CurrentUser;

/** The home page: who you are, and where your role starts. */
@Path("/")
public class HomeResource {

    @CheckedTemplate(basePath = "Home")
    static class Templates {
        static native TemplateInstance page(CurrentUser user, List<StartPages.Start> starts);
    }

    @Inject
    CurrentUser user;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response home() {
        return StartPages.landingPath(user)
                .map(path -> Response.seeOther(URI.create(path)).build())
                .orElseGet(() -> Response.ok(Templates.page(user, StartPages.startsFor(user))).build());
    }
}
