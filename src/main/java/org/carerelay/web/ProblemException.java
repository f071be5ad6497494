package org.carerelay.web;

import java.util.List;

/**
 * A refusal that names its reason: rendered as RFC 9457 problem+json on the API (with one
 * entry per bad field) and as a message on a page. Thrown before anything is stored, or
 * inside the transaction that it rolls back.
 */
public class ProblemException extends RuntimeException {

    /** One bad field: a dotted path into the request (e.g. {@code data.severity}) and what is wrong. */
    public record FieldError(String field, String message) {
    }

    public final int status;
    public final String type;
    public final String title;
    public final List<FieldError> errors;

    public ProblemException(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ProblemException(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of());
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(400, "invalid-request", "The request has invalid fields", detail, errors);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what);
    }

    public static ProblemException conflict(String type, String detail) {
        return new ProblemException(409, type, "Conflict", detail);
    }
}
