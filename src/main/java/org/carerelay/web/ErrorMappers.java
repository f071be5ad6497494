package org.carerelay.web;

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
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return errors.forbidden("Your role does not give access to this page.");
    }

    @ServerExceptionMapper
    public Response forbidden(jakarta.ws.rs.ForbiddenException e) {
        return errors.forbidden("Your role does not give access to this page.");
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return errors.notFound("There is no page at this address. It may have moved, or the link may be mistyped.");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "request %s failed", requestInfo.requestId());
            return errors.serverError();
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return errors.build(status, "http-" + status, reason, e.getMessage() == null ? reason : e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.errorf(e, "request %s failed", requestInfo.requestId());
        return errors.serverError();
    }
}
