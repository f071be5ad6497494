package org.carerelay.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the product's error answers: a page in the portal's layout for people, RFC 9457
 * {@code application/problem+json} for the partner API. Never a stack trace.
 */
@Singleton
public class ErrorResponses {

    public static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");
    public static final String PROBLEM_BASE = "https://carerelay.example.org/problems/";

    @CheckedTemplate(basePath = "ErrorPages")
    static class Templates {
        static native TemplateInstance error(int status, String title, String message, String requestId);

        /** The same page without the signed-in header, for refusals before any session is known (EdgeRefusals). */
        static native TemplateInstance plain(int status, String title, String message, String requestId);
    }

    @Inject
    RequestInfo requestInfo;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Inject
    org.carerelay.fhir.FhirOutcomes fhirOutcomes;

    public Response forbidden(String message) {
        return build(403, "forbidden", "You cannot open this page", message);
    }

    public Response notFound(String message) {
        return build(404, "not-found", "Page not found", message);
    }

    public Response serverError() {
        return build(500, "server-error", "Something went wrong",
                "CareRelay could not complete this request. Nothing was shown or changed. If it happens again, give support the reference below.");
    }

    /** 503 with Retry-After: the database could not serve the request; nothing was stored. */
    public Response unavailable(DatabaseTrouble trouble) {
        return Response.fromResponse(build(503, "temporarily-unavailable", "Temporarily unavailable", trouble.message))
                .header("Retry-After", trouble.retryAfterSeconds).build();
    }

    public Response build(int status, String type, String title, String message) {
        return build(status, type, title, message, List.of());
    }

    public Response problem(ProblemException problem) {
        return build(problem.status, problem.type, problem.title, problem.getMessage(), problem.errors);
    }

    public Response build(int status, String type, String title, String message, List<ProblemException.FieldError> errors) {
        if (requestInfo.isFhir()) {
            return fhirOutcomes.response(status, type, title, message, errors);
        }
        if (requestInfo.isApi()) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", PROBLEM_BASE + type);
            problem.put("title", title);
            problem.put("status", status);
            problem.put("detail", message);
            problem.put("instance", requestInfo.path());
            problem.put("requestId", requestInfo.requestId());
            problem.put("errors", errors);
            try {
                return Response.status(status).type(PROBLEM_JSON).entity(SafeJson.htmlSafe(json.writeValueAsString(problem))).build();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a problem document that cannot be written", e);
            }
        }
        String text = errors.isEmpty() ? message
                : message + " " + String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(status, title, text, requestInfo.requestId())).build();
    }
}
