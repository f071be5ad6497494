package org.carerelay.web;

import io.vertx.core.http.HttpServerRequest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.carerelay.access.CurrentUser;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Runs around every portal and API request: gives it a request id, refuses a signed-in user whose
 * token names no agency the network knows, and keeps client data out of browser caches.
 */
public class RequestFilters {

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    @Inject
    RequestInfo requestInfo;

    @Inject
    CurrentUser user;

    @Inject
    ErrorResponses errors;

    @Inject
    org.carerelay.audit.AuditLog audit;

    @ServerRequestFilter(preMatching = true)
    public void identifyRequest(ContainerRequestContext context, HttpServerRequest request) {
        String offered = context.getHeaderString("X-Request-Id");
        String id = offered != null && SAFE_REQUEST_ID.matcher(offered).matches() ? offered : null;
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        requestInfo.capture(id, address, context.getHeaderString("User-Agent"), context.getUriInfo().getPath());
    }

    @ServerRequestFilter
    public Uni<Response> requireKnownAgency() {
        if (user.isAuthenticated() && !user.hasKnownAgency()) {
            String slug = user.getAgencySlug();
            String message = slug == null
                    ? "Your account is not linked to an agency on the CareRelay network. Ask your agency admin to set your agency in Keycloak."
                    : user.agencyNotBackedByGroup()
                    ? "Your account names the agency \"" + slug + "\" but is not a member of that agency's group in Keycloak. Ask your agency admin to correct it."
                    : "Your account names the agency \"" + slug + "\", which is not on the CareRelay network. Ask your agency admin to correct it.";
            Response refusal = errors.forbidden(message);
            return audit.recordOffTheEventLoop(org.carerelay.audit.AuditRecord.denied("route", requestInfo.path(), null,
                    "care_delivery", "no known agency in the token (" + (slug == null ? "none" : slug) + ")")).replaceWith(refusal);
        }
        return Uni.createFrom().nullItem();
    }

    @ServerResponseFilter
    public void protectResponse(ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Request-Id", requestInfo.requestId());
        MediaType type = response.getMediaType();
        boolean cacheable = type != null && (type.getSubtype().equals("css") || type.getSubtype().equals("javascript"));
        if (!cacheable) {
            response.getHeaders().putSingle("Cache-Control", "no-store");
        }
    }
}
