package org.carerelay.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Refusals that happen before any resource runs, answered like every other refusal: RFC 9457
 * problem+json on {@code /api/*}, the product's error page elsewhere.
 * <ul>
 * <li>401: a bearer token that is expired, unsigned, wrongly signed or not a token at all. The OIDC
 * mechanism has already set the status and the {@code WWW-Authenticate: Bearer} challenge; the failure
 * reaches this router failure handler (proactive authentication), which adds the body.
 * <li>413: a body over {@code quarkus.http.limits.max-body-size}, by its Content-Length (a chunked body
 * is refused by the resource layer, through ErrorMappers).
 * <li>414 and 431: a URL or header block over the product's limits below. The HTTP codec's own limits
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set far higher, because
 * Vert.x refuses a request over them before any handler exists, with an empty body: Quarkus installs no
 * {@code HttpServer#invalidRequestHandler}, the only hook there.
 * </ul>
 */
@ApplicationScoped
public class EdgeRefusals {

    /** Before Quarkus's own upload limit (-2) and authentication (-200), after its header routes (Integer.MIN_VALUE). */
    static final int ORDER = -1000;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBody;

    @jakarta.inject.Inject
    org.carerelay.fhir.FhirOutcomes fhirOutcomes;

    @ConfigProperty(name = "carerelay.limits.max-url-length", defaultValue = "8192")
    int maxUrl;

    @ConfigProperty(name = "carerelay.limits.max-header-size", defaultValue = "20K")
    MemorySize maxHeaders;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::checkLimits);
        router.route().failureHandler(this::failure);
    }

    void checkLimits(RoutingContext context) {
        String uri = context.request().uri();
        if (uri != null && uri.length() > maxUrl) {
            refuse(context, 414, "uri-too-long", "Address too long",
                    "The address (path and query) is " + uri.length() + " characters long; CareRelay accepts at most " + maxUrl + ".");
            return;
        }
        long headerBytes = headerBytes(context.request().headers());
        if (headerBytes > maxHeaders.asLongValue()) {
            refuse(context, 431, "headers-too-large", "Request headers too large",
                    "The request headers add up to " + headerBytes + " bytes; CareRelay accepts at most " + maxHeaders.asLongValue() + ".");
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length)) {
            tooLarge(context);
            return;
        }
        context.next();
    }

    void failure(RoutingContext context) {
        if (context.response().ended()) {
            context.next();
            return;
        }
        Throwable failure = context.failure();
        if (failure instanceof AuthenticationFailedException && (isApi(context) || isFhir(context)) && context.response().getStatusCode() == 401) {
            String problem = expired(failure) ? "The bearer token has expired. Get a new token from the CareRelay realm and try again."
                    : "The bearer token is not valid: it is malformed, unsigned or not signed by the CareRelay realm. "
                    + "Send an OAuth2 access token from the CareRelay realm (client credentials).";
            context.response().headers().set("WWW-Authenticate",
                    "Bearer realm=\"carerelay\", error=\"invalid_token\", error_description=\""
                            + (expired(failure) ? "The token has expired" : "The token is not valid") + "\"");
            send(context, 401, "unauthorized", "Bearer token not accepted", problem);
        } else if (context.statusCode() == 413) {
            tooLarge(context);
        } else {
            context.next();
        }
    }

    private void tooLarge(RoutingContext context) {
        // the unread body is not wanted: answer, then close the connection (as Quarkus's own limit does)
        context.response().headers().set(HttpHeaders.CONNECTION, "close");
        context.response().endHandler(ended -> context.request().connection().close());
        refuse(context, 413, "body-too-large", "Request body too large",
                "The request body is larger than CareRelay accepts (" + maxBody.asLongValue() + " bytes at most).");
    }

    private boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBody.asLongValue();
        } catch (NumberFormatException e) {
            return false; // Vert.x's codec refuses a malformed Content-Length itself
        }
    }

    private void refuse(RoutingContext context, int status, String type, String title, String detail) {
        context.request().resume();
        send(context, status, type, title, detail);
    }

    private void send(RoutingContext context, int status, String type, String title, String detail) {
        String requestId = UUID.randomUUID().toString();
        var response = context.response().setStatusCode(status);
        response.headers().set("X-Request-Id", requestId).set(HttpHeaders.CACHE_CONTROL, "no-store");
        if (isFhir(context)) {
            response.headers().set(HttpHeaders.CONTENT_TYPE, org.carerelay.fhir.Fhir.FHIR_JSON);
            response.end(fhirOutcomes.json(status, type, title, detail, java.util.List.of()));
        } else if (isApi(context)) {
            JsonObject problem = new JsonObject().put("type", ErrorResponses.PROBLEM_BASE + type).put("title", title)
                    .put("status", status).put("detail", detail)
                    .put("instance", context.request().path() == null ? "" : context.request().path())
                    .put("requestId", requestId).put("errors", new JsonArray());
            response.headers().set(HttpHeaders.CONTENT_TYPE, ErrorResponses.PROBLEM_JSON.toString());
            response.end(SafeJson.htmlSafe(problem.encode()));
        } else {
            response.headers().set(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8");
            response.end(ErrorResponses.Templates.plain(status, title, detail, requestId).render());
        }
    }

    private static boolean isFhir(RoutingContext context) {
        String path = context.request().path();
        return path != null && (path.startsWith("/fhir/") || path.equals("/fhir"));
    }

    private static boolean isApi(RoutingContext context) {
        String path = context.request().path();
        return path != null && path.startsWith("/api/");
    }

    private static boolean expired(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidJwtException jwt && jwt.hasExpired()) {
                return true;
            }
        }
        return false;
    }

    /** The header block's size as the HTTP codec counts it: each name and value, plus ": " and CRLF. */
    private static long headerBytes(MultiMap headers) {
        long total = 0;
        for (Map.Entry<String, String> header : headers) {
            total += header.getKey().length() + header.getValue().length() + 4;
        }
        return total;
    }
}
