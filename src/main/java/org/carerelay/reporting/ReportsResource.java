package org.carerelay.reporting;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The commissioner's start page: the network-level reports, aggregates only. */
@Path("/reports")
@RolesAllowed("commissioner")
public class ReportsResource {

    public record ReportSummary(String title, String question) {
    }

    static final List<ReportSummary> REPORTS = List.of(
            new ReportSummary("Timeliness", "how fast recipients acknowledge and complete what they are sent"),
            new ReportSummary("Continuity", "whether crisis discharges get a follow-up contact within 72 hours"),
            new ReportSummary("Duplication", "repeated assessments of one person by several agencies"),
            new ReportSummary("Data-point value", "which shared fields recipients open before acting"),
            new ReportSummary("Proportionality", "volume shared under each sharing agreement against what was acted on"),
            new ReportSummary("Audit", "record views, denials and break-glass use across agencies"));

    @CheckedTemplate(basePath = "Reports")
    static class Templates {
        static native TemplateInstance index(List<ReportSummary> reports);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index() {
        return Templates.index(REPORTS);
    }
}
