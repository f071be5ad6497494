package org.carerelay.audit;

import java.util.List;
import org.carerelay.access.Purpose;

/**
 * What happened, for the audit trail: the writer adds who, when, from where and the request id.
 * {@code fieldsShown} names the event fields actually displayed or returned.
 */
public record AuditRecord(AuditAction action, String resourceType, String resourceId, Long clientId, List<String> sensitivity,
        List<String> fieldsShown, Purpose purpose, boolean allowed, String reason) {

    public static AuditRecord view(String resourceType, Object resourceId, Long clientId, List<String> sensitivity,
            List<String> fieldsShown, Purpose purpose) {
        return new AuditRecord(AuditAction.VIEW, resourceType, text(resourceId), clientId, sensitivity, fieldsShown, purpose, true,
                null);
    }

    public static AuditRecord list(String resourceType, Purpose purpose, String detail) {
        return new AuditRecord(AuditAction.LIST, resourceType, null, null, List.of(), List.of(), purpose, true, detail);
    }

    public static AuditRecord export(String resourceType, Object resourceId, Long clientId, Purpose purpose, String detail) {
        return of(AuditAction.EXPORT, resourceType, resourceId, clientId, purpose, true, detail);
    }

    public static AuditRecord write(String resourceType, Object resourceId, Long clientId, Purpose purpose, String detail) {
        return of(AuditAction.WRITE, resourceType, resourceId, clientId, purpose, true, detail);
    }

    /** A decision, such as a privacy officer's review of an emergency access. */
    public static AuditRecord review(String resourceType, Object resourceId, Long clientId, Purpose purpose, String detail) {
        return of(AuditAction.REVIEW, resourceType, resourceId, clientId, purpose, true, detail);
    }

    /** A list filtered to one client (e.g. the access log for a client); {@code clientId} may be null. */
    public static AuditRecord listAbout(String resourceType, Long clientId, Purpose purpose, String detail) {
        return new AuditRecord(AuditAction.LIST, resourceType, null, clientId, List.of(), List.of(), purpose, true, detail);
    }

    /** Emergency access granted to a client's record. */
    public static AuditRecord breakGlass(long clientId, String reason) {
        return new AuditRecord(AuditAction.BREAK_GLASS, "client-record", String.valueOf(clientId), clientId, List.of(), List.of(),
                Purpose.BREAK_GLASS, true, reason);
    }

    public static AuditRecord denied(String resourceType, Object resourceId, Long clientId, Purpose purpose, String reason) {
        return of(AuditAction.VIEW, resourceType, resourceId, clientId, purpose, false, reason);
    }

    /** An entry that names no sensitivity and no fields. */
    private static AuditRecord of(AuditAction action, String resourceType, Object resourceId, Long clientId, Purpose purpose,
            boolean allowed, String reason) {
        return new AuditRecord(action, resourceType, text(resourceId), clientId, List.of(), List.of(), purpose, allowed, reason);
    }

    private static String text(Object resourceId) {
        return resourceId == null ? null : String.valueOf(resourceId);
    }
}
