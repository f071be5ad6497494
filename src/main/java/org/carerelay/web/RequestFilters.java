package org.carerelay.web;

import org.carerelay.access.Purpose;
import io.vertx.core.http.HttpServerRequest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Objects;
import org.carerelay.access.CurrentUser;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Runs around every portal and API request: gives it a request id, refuses a signed-in user whose
 * token names no agency the network knows, keeps client data out of browser caches, and points
 * redirects at the configured public URL (JAX-RS would build them from the request's Host header).
 */
public class RequestFilters {

    @Inject
    RequestInfo requestInfo;

    @Inject
    CurrentUser user;

    @Inject
    ErrorResponses errors;

    @Inject
    org.carerelay.audit.AuditLog audit;

    @Inject
    PublicUrl publicUrl;

    @ServerRequestFilter(preMatching = true)
    public void identifyRequest(ContainerRequestContext context, HttpServerRequest request) {
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        requestInfo.capture(context.getHeaderString("X-Request-Id"), address, context.getHeaderString("User-Agent"), context.getUriInfo().getPath());
    }

    @ServerRequestFilter
    public Uni<Response> requireKnownAgency() {
        if (requestInfo.isApi() && user.isAuthenticated() && (!user.isAgencySystem() || !user.hasKnownAgency())) {
            return refuseApiToken();
        }
        if (user.isAuthenticated() && !user.hasKnownAgency() && !requestInfo.path().equals("/logout")) {
            String slug = user.getAgencySlug();
            String message = slug == null
                    ? "Your account is not linked to an agency on the CareRelay network. Ask your agency admin to set your agency in Keycloak."
                    : user.agencyNotBackedByGroup()
                    ? "Your account names the agency \"" + slug + "\" but is not a member of that agency's group in Keycloak. Ask your agency admin to correct it."
                    : "Your account names the agency \"" + slug + "\", which is not on the CareRelay network. Ask your agency admin to correct it.";
            Response refusal = errors.forbidden(message);
            return audit.recordOffTheEventLoop(org.carerelay.audit.AuditRecord.denied("route", requestInfo.path(), null,
                    Purpose.CARE_DELIVERY, "no known agency in the token (" + (slug == null ? "none" : slug) + ")")).replaceWith(refusal);
        }
        return Uni.createFrom().nullItem();
    }

    /**
     * A valid realm token that is not a partner system's (no client_id, e.g. a person's own token) or names
     * no agency the network knows: refused on the partner API with a recorded denial, never a server error.
     */
    private Uni<Response> refuseApiToken() {
        ApiTokenRefusal refusal = ApiTokenRefusal.of(user);
        return audit.recordOffTheEventLoop(org.carerelay.audit.AuditRecord.denied("route", requestInfo.path(), null,
                Purpose.CARE_DELIVERY, refusal.reason())).replaceWith(errors.build(403, "forbidden", "Not allowed", refusal.detail()));
    }

    /** Why a valid realm token may not use the partner API: the problem's detail, and the audit entry's reason. */
    record ApiTokenRefusal(String detail, String reason) {

        static ApiTokenRefusal of(CurrentUser user) {
            String clientId = user.getClientId();
            String slug = user.getAgencySlug();
            if (clientId == null) {
                return new ApiTokenRefusal("This token was not issued to a partner system: it has no client_id (it looks like a person's own"
                        + " token). The partner API accepts only OAuth2 client-credentials tokens of a partner system's client in the CareRelay realm.",
                        "not a partner system's token (no client_id)");
            }
            if (!user.isAgencySystem()) {
                return new ApiTokenRefusal("The client \"" + clientId + "\" is not a partner system of the CareRelay network"
                        + " (it has neither the partner-system nor the audit-reader role).", "not a partner system's token (client_id " + clientId + ")");
            }
            return new ApiTokenRefusal(slug == null
                    ? "The token of client \"" + clientId + "\" names no agency. Ask the CareRelay administrators to set the client's agency in Keycloak."
                    : "The token of client \"" + clientId + "\" names the agency \"" + slug + "\", which is not on the CareRelay network.",
                    "no known agency in the token (" + (slug == null ? "none" : slug) + ")");
        }
    }

    @ServerResponseFilter
    public void protectResponse(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Request-Id", requestInfo.requestId());
        pinRedirectToPublicUrl(request, response);
        MediaType type = response.getMediaType();
        boolean cacheable = type != null && (type.getSubtype().equals("css") || type.getSubtype().equals("javascript"));
        if (!cacheable) {
            response.getHeaders().putSingle("Cache-Control", "no-store");
        }
    }

    /**
     * {@code Response.seeOther("/path")} becomes an absolute URI made from the request's Host header;
     * this replaces that scheme and authority with the public URL's. Redirects elsewhere are left alone.
     */
    private void pinRedirectToPublicUrl(ContainerRequestContext request, ContainerResponseContext response) {
        URI location = response.getLocation();
        if (location == null) {
            return;
        }
        URI requested = request.getUriInfo().getBaseUri();
        boolean ownHost = !location.isAbsolute() || (Objects.equals(location.getScheme(), requested.getScheme())
                && Objects.equals(location.getRawAuthority(), requested.getRawAuthority()));
        String path = location.getRawPath() == null || location.getRawPath().isEmpty() ? "/" : location.getRawPath();
        if (ownHost && path.startsWith("/")) {
            response.getHeaders().putSingle(HttpHeaders.LOCATION, publicUrl.resolve(path
                    + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery())
                    + (location.getRawFragment() == null ? "" : "#" + location.getRawFragment())));
        }
    }
}
