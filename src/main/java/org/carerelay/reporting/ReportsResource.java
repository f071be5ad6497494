package org.carerelay.reporting;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.catalogue.EventType;
import org.carerelay.web.Csv;

/** The commissioner's reports: aggregates only, each as a page with charts and tables, each table as CSV. */
@Path("/reports")
@RolesAllowed("commissioner")
public class ReportsResource {

    @CheckedTemplate(basePath = "Reports")
    static class Templates {
        static native TemplateInstance index(List<Report.Builder> reports);

        static native TemplateInstance report(Report report, List<Report.Builder> reports, List<AgencyDirectory.AgencyRef> agencies,
                List<EventType> types, List<String> pathways);
    }

    @Inject
    Reports reports;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index() {
        return Templates.index(reports.all());
    }

    @GET
    @Path("/{report}")
    @Produces(MediaType.TEXT_HTML)
    public Response report(@PathParam("report") String slug, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("agency") String agency, @QueryParam("type") String type, @QueryParam("pathway") String pathway) {
        long started = System.nanoTime();
        Report.Builder builder = reports.find(slug).orElseThrow(NotFoundException::new);
        ReportFilter filter = reports.filter(from, to, agency, type, pathway);
        Report report = reports.open(builder, filter, false);
        String html = Templates.report(report, reports.all(), reports.agencies(), reports.eventTypes(),
                ReportFilter.PATHWAYS.stream().sorted().toList()).render();
        return Response.status(filter.valid() ? 200 : 400).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html)
                .header("Server-Timing", serverTiming(started)).build();
    }

    @GET
    @Path("/{report}/csv")
    @Produces({ Csv.MEDIA_TYPE, MediaType.TEXT_PLAIN })
    public Response csv(@PathParam("report") String slug, @QueryParam("table") String table, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("agency") String agency, @QueryParam("type") String type,
            @QueryParam("pathway") String pathway) {
        long started = System.nanoTime();
        Report.Builder builder = reports.find(slug).orElseThrow(NotFoundException::new);
        ReportFilter filter = reports.filter(from, to, agency, type, pathway);
        if (!filter.valid()) {
            return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("The report was not exported:\n" + filter.errors().stream().map(ReportFilter.Error::message)
                            .collect(Collectors.joining("\n")) + "\n").build();
        }
        Report report = reports.open(builder, filter, true);
        ReportTable shown = table == null ? null : report.table(table);
        if (shown == null) {
            return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("The report was not exported: table must be one of " + report.sections().stream()
                            .map(s -> s.table().id).collect(Collectors.joining(", ")) + ".\n").build();
        }
        Csv csv = new Csv();
        shown.lines().forEach(csv::row);
        return Response.fromResponse(csv.download(slug + "-" + shown.id + "-" + filter.fromDate() + "-to-" + filter.toDate() + ".csv"))
                .header("Server-Timing", serverTiming(started)).build();
    }

    private static String serverTiming(long startedNanos) {
        return String.format(java.util.Locale.ROOT, "app;dur=%.1f", (System.nanoTime() - startedNanos) / 1_000_000.0);
    }
}
