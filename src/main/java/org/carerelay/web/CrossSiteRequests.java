package org.carerelay.web;

import org.carerelay.access.Purpose;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.util.Set;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Keeps other sites from acting in a signed-in person's name. Two checks, both before any resource
 * runs, so a refused request stores nothing:
 * <ol>
 * <li><b>Origin.</b> A state-changing portal request (POST, PUT, PATCH, DELETE) must come from the
 * portal's own pages: its {@code Origin}, or without one its {@code Referer}, must be the configured
 * public URL. A request with neither is refused too. Not checked: {@code /api/*} and {@code /fhir/*}
 * (bearer tokens, no cookies), {@code /logout/back-channel} (Keycloak, server to server) and the
 * test profile's {@code /test-support/*}.</li>
 * <li><b>CSRF token.</b> quarkus-rest-csrf with a signature key: the cookie holds the HMAC of the
 * form's token, so a pair an attacker makes up never matches. Quarkus answers a bad token with an
 * empty 400; this class turns it into the product's error page (403).</li>
 * </ol>
 * Each refusal gets one denied audit entry (resource {@code route}, the path).
 *
 * With a signature key, Quarkus makes a new token on every page load, which would break the forms of
 * a page left open in another tab. So the token also travels in its own cookie ({@link CsrfCookies});
 * on a page load it is handed to Quarkus as the token header when the signed cookie matches it, and
 * Quarkus keeps the token. Both cookies are dropped after a refusal, so a reload starts afresh.
 */
public class CrossSiteRequests {

    static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    static final String TOKEN_VERIFIED = "csrf_token_verified";
    static final String TOKEN = "csrf_token";

    @Inject
    PublicUrl publicUrl;

    @Inject
    RequestInfo requestInfo;

    @Inject
    ErrorResponses errors;

    @Inject
    AuditLog audit;

    @Inject
    CsrfCookies cookies;

    /** Runs after {@code RequestFilters.identifyRequest} (so the refusal has its request id), before the CSRF check. */
    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 100)
    public Uni<Response> requireOwnOrigin(ContainerRequestContext context) {
        if (SAFE.contains(context.getMethod()) || !checked(context.getUriInfo().getPath())) {
            return Uni.createFrom().nullItem();
        }
        String origin = context.getHeaderString("Origin");
        String referer = context.getHeaderString("Referer");
        boolean own = origin != null ? publicUrl.isOrigin(origin) : publicUrl.isOwnPage(referer);
        if (own) {
            return Uni.createFrom().nullItem();
        }
        String from = origin != null ? "Origin " + shorten(origin) : referer != null ? "Referer " + shorten(referer) : "no Origin or Referer";
        Response refusal = errors.build(403, "foreign-origin", "This request did not come from CareRelay",
                "CareRelay accepts changes only from its own pages, and this request came from somewhere else, so nothing was changed."
                        + " Open the page in CareRelay (" + publicUrl.origin() + ") and try again.");
        return audit.recordOffTheEventLoop(AuditRecord.denied("route", requestInfo.path(), null, Purpose.CARE_DELIVERY,
                "cross-site request refused: " + from)).replaceWith(refusal);
    }

    /** On a page load, hands Quarkus the token the browser already has, so that it keeps it instead of making a new one. */
    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 200)
    public void keepTheTokenAcrossPages(ContainerRequestContext context, RoutingContext routing) {
        if (!SAFE.contains(context.getMethod()) || context.getHeaderString(cookies.headerName()) != null) {
            return;
        }
        String token = cookies.pageToken(routing);
        if (token != null) {
            context.getHeaders().putSingle(cookies.headerName(), token);
        }
    }

    /**
     * After the CSRF check: an empty 400 that Quarkus left (bad, missing or unsigned token) becomes the
     * error page, audited, with both token cookies dropped. Otherwise the page token cookie follows the
     * token this response's forms carry.
     */
    @ServerResponseFilter
    public Uni<Void> explainRefusedToken(ContainerRequestContext request, ContainerResponseContext response, RoutingContext routing) {
        boolean refusedByCsrfCheck = response.getStatus() == 400 && !response.hasEntity() && routing.get(TOKEN_VERIFIED) == null;
        if (!refusedByCsrfCheck) {
            String token = routing.get(TOKEN);
            if (token != null && checked(requestInfo.path())) {
                cookies.keep(routing, token);
            }
            return Uni.createFrom().voidItem();
        }
        boolean pageLoad = SAFE.contains(request.getMethod()); // only a malformed cookie refuses a page load
        Response page = pageLoad
                ? errors.build(400, "csrf-token", "Please reload this page",
                        "Your browser sent an out-of-date CareRelay security cookie. It has been cleared: reload the page to continue.")
                : errors.build(403, "csrf-token", "This form could not be accepted",
                        "The form's security token was missing, out of date or not made by CareRelay, so nothing was changed."
                                + " Go back, reload the page and try again.");
        Object entity = page.getEntity();
        response.setStatus(page.getStatus());
        response.setEntity(entity instanceof TemplateInstance t ? t.render() : entity, new Annotation[0], page.getMediaType());
        cookies.drop(routing);
        return audit.recordOffTheEventLoop(AuditRecord.denied("route", requestInfo.path(), null, Purpose.CARE_DELIVERY,
                "CSRF token missing, out of date or not signed by CareRelay (" + request.getMethod() + ")"));
    }

    private static boolean checked(String path) {
        return !(path.startsWith("/api/") || path.startsWith("/fhir/") || path.equals("/logout/back-channel")
                || path.startsWith("/test-support/"));
    }

    private static String shorten(String value) {
        return value.length() > 200 ? value.substring(0, 200) + "…" : value;
    }
}
