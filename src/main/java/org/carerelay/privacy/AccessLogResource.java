package org.carerelay.privacy;

import org.carerelay.web.Csv;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.carerelay.privacy.AccessLogService.Entry;

/** The agency's access log for its privacy officer, as a page and as CSV, with the same filters. */
@Path("/privacy")
@RolesAllowed("privacy-officer")
public class AccessLogResource {

    @CheckedTemplate(basePath = "Privacy")
    static class Templates {
        static native TemplateInstance accessLog(AccessLogFilter filter, AccessLogService.Page page, List<String> actions,
                List<String> outcomes, int pageSize, int exportLimit);
    }

    @Inject
    AccessLogService log;

    @Inject
    Clock clock;

    @GET
    @Path("/access-log")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("user") String user, @QueryParam("client") String client, @QueryParam("action") String action,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("outcome") String outcome,
            @QueryParam("before") String before) {
        AccessLogFilter filter = AccessLogFilter.parse(user, client, action, from, to, outcome, before);
        AccessLogService.Page page = log.page(filter);
        return Response.status(filter.valid() ? 200 : 400)
                .entity(Templates.accessLog(filter, page, AccessLogFilter.ACTIONS, AccessLogFilter.OUTCOMES,
                        AccessLogService.PAGE_SIZE, AccessLogService.EXPORT_LIMIT))
                .build();
    }

    @GET
    @Path("/access-log.csv")
    @Produces({ Csv.MEDIA_TYPE, MediaType.TEXT_PLAIN })
    public Response csv(@QueryParam("user") String user, @QueryParam("client") String client, @QueryParam("action") String action,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("outcome") String outcome) {
        AccessLogFilter filter = AccessLogFilter.parse(user, client, action, from, to, outcome, null);
        if (!filter.valid()) {
            String message = filter.errors().stream().map(e -> e.message()).collect(Collectors.joining("\n"));
            return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("The access log was not exported:\n" + message + "\n").build();
        }
        AccessLogService.Export export = log.export(filter);
        Csv csv = new Csv().row("id", "time", "user", "agency", "roles", "action", "record", "client_id", "fields_shown", "purpose",
                "outcome", "reason");
        for (Entry e : export.entries()) {
            csv.row(e.id(), e.at(), e.username(), e.agency(), e.roles(), e.action(), e.record(), e.clientId(), e.fieldsShown(),
                    e.purpose(), e.outcome(), e.reason());
        }
        Response response = csv.download("access-log-" + LocalDate.ofInstant(clock.instant(), Officers.ZONE) + ".csv");
        return export.truncated()
                ? Response.fromResponse(response).header("X-CareRelay-Export-Truncated", "first " + AccessLogService.EXPORT_LIMIT).build()
                : response;
    }
}
