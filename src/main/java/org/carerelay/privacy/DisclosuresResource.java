package org.carerelay.privacy;

import org.carerelay.web.Csv;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import org.carerelay.access.CurrentUser;
import org.carerelay.privacy.Disclosures.Disclosure;

/** The accounting of disclosures for one client: a page, a print view without navigation, and CSV. */
@Path("/privacy/clients/{id}")
@RolesAllowed("privacy-officer")
public class DisclosuresResource {

    @CheckedTemplate(basePath = "Privacy")
    static class Templates {
        static native TemplateInstance disclosures(Disclosures.Accounting accounting, Instant now);

        static native TemplateInstance disclosuresPrint(Disclosures.Accounting accounting, Instant now, CurrentUser officer);
    }

    @Inject
    Disclosures disclosures;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    @GET
    @Path("/disclosures")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@PathParam("id") String id, @QueryParam("print") String print) {
        if ("true".equals(print)) {
            return print(id);
        }
        return Templates.disclosures(disclosures.view(Officers.clientId(id)), clock.instant());
    }

    @GET
    @Path("/disclosures/print")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance print(@PathParam("id") String id) {
        return Templates.disclosuresPrint(disclosures.view(Officers.clientId(id)), clock.instant(), user);
    }

    @GET
    @Path("/disclosures.csv")
    @Produces(Csv.MEDIA_TYPE)
    public Response csv(@PathParam("id") String id) {
        long clientId = Officers.clientId(id);
        Disclosures.Accounting accounting = disclosures.export(clientId);
        Csv csv = new Csv().row("date", "kind", "recipient_agency", "source_agency", "data_disclosed", "legal_basis",
                "legal_basis_description", "purpose", "agreement", "reference");
        for (Disclosure d : accounting.disclosures()) {
            csv.row(d.at(), d.kind(), d.recipient(), d.source(), d.description(), d.legalBasisCode(), d.legalBasis(), d.purpose(),
                    d.agreement(), d.reference());
        }
        return csv.download("disclosures-client-" + clientId + ".csv");
    }
}
