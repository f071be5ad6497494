package org.carerelay.web;

import org.carerelay.access.Purpose;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns failures into the product's error pages (HTML) or problem documents (API). */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @Inject
    ErrorResponses errors;

    @Inject
    RequestInfo requestInfo;

    @Inject
    org.carerelay.access.CurrentUser user;

    @Inject
    org.carerelay.audit.AuditLog audit;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.limits.max-body-size")
    io.quarkus.runtime.configuration.MemorySize maxBody;

    /** A refusal by role is an access denial too: it goes into the audit trail before the answer leaves. */
    private Uni<Response> auditedDenial(Response response) {
        return audit.recordOffTheEventLoop(org.carerelay.audit.AuditRecord.denied("route", requestInfo.path(), null,
                Purpose.CARE_DELIVERY, "role not permitted")).replaceWith(response);
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return errors.problem(e);
    }

    @ServerExceptionMapper
    public Response unauthorized(io.quarkus.security.UnauthorizedException e) {
        Response problem = errors.build(401, "unauthorized", "Sign-in required",
                "Send an OAuth2 bearer token from the CareRelay realm (client credentials).");
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer realm=\"carerelay\"").build();
    }

    @ServerExceptionMapper
    public Uni<Response> forbidden(io.quarkus.security.ForbiddenException e) {
        if (requestInfo.isApi() && user.isAuthenticated() && !user.isAgencySystem()) {
            RequestFilters.ApiTokenRefusal refusal = RequestFilters.ApiTokenRefusal.of(user);
            return audit.recordOffTheEventLoop(org.carerelay.audit.AuditRecord.denied("route", requestInfo.path(), null,
                    Purpose.CARE_DELIVERY, refusal.reason())).replaceWith(errors.build(403, "forbidden", "Not allowed", refusal.detail()));
        }
        return auditedDenial(requestInfo.isApi() || requestInfo.isFhir()
                ? errors.build(403, "forbidden", "Not allowed", "Your client's role does not allow this request.")
                : errors.forbidden("Your role does not give access to this page."));
    }

    @ServerExceptionMapper
    public Uni<Response> forbidden(jakarta.ws.rs.ForbiddenException e) {
        return auditedDenial(errors.forbidden("Your role does not give access to this page."));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return errors.notFound("There is no page at this address. It may have moved, or the link may be mistyped.");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return failed(e);
        }
        if (status == 413) { // a chunked body over the limit, refused while the resource reads it (EdgeRefusals has the rest)
            return errors.build(413, "body-too-large", "Request body too large",
                    "The request body is larger than CareRelay accepts (" + maxBody.asLongValue() + " bytes at most).");
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return errors.build(status, "http-" + status, reason, e.getMessage() == null ? reason : e.getMessage());
    }

    /**
     * A body that is not what its Content-Type says (multipart/form-data without its parts, which the framework parses
     * before any resource runs): the sender's mistake, answered 400. Any other IOException is a failure of ours.
     */
    @ServerExceptionMapper
    public Response unreadableBody(java.io.IOException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("org.jboss.resteasy.reactive.server.core.multipart.")
                    || frame.getClassName().equals("org.jboss.resteasy.reactive.server.handlers.FormBodyHandler")) {
                return errors.build(400, "malformed-body", "Unreadable request body",
                        "The request body could not be read as its Content-Type says; send it in the format named there.");
            }
        }
        return failed(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        return failed(e);
    }

    /** A failure of ours: 503 with Retry-After when the database could not serve it, else 500 (logged with the request id). */
    private Response failed(Exception e) {
        java.util.Optional<DatabaseTrouble> trouble = DatabaseTrouble.of(e);
        if (trouble.isPresent()) {
            LOG.warnf("request %s refused, database %s: %s", requestInfo.requestId(), trouble.get(), e.getMessage());
            return errors.unavailable(trouble.get());
        }
        LOG.errorf(e, "request %s failed", requestInfo.requestId());
        return errors.serverError();
    }
}
