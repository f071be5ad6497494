package org.carerelay.audit;

import java.util.List;

/**
 * What happened, for the audit trail: the writer adds who, when, from where and the request id.
 * {@code fieldsShown} names the event fields actually displayed or returned.
 */
public record AuditRecord(String action, String resourceType, String resourceId, Long clientId, List<String> sensitivity,
        List<String> fieldsShown, String purpose, boolean allowed, String reason) {

    public static AuditRecord view(String resourceType, Object resourceId, Long clientId, List<String> sensitivity,
            List<String> fieldsShown, String purpose) {
        return new AuditRecord("view", resourceType, resourceId == null ? null : String.valueOf(resourceId), clientId,
                sensitivity, fieldsShown, purpose, true, null);
    }

    public static AuditRecord list(String resourceType, String purpose, String detail) {
        return new AuditRecord("list", resourceType, null, null, List.of(), List.of(), purpose, true, detail);
    }

    public static AuditRecord export(String resourceType, Object resourceId, Long clientId, String purpose, String detail) {
        return new AuditRecord("export", resourceType, resourceId == null ? null : String.valueOf(resourceId), clientId,
                List.of(), List.of(), purpose, true, detail);
    }

    public static AuditRecord write(String resourceType, Object resourceId, Long clientId, String purpose, String detail) {
        return new AuditRecord("write", resourceType, resourceId == null ? null : String.valueOf(resourceId), clientId,
                List.of(), List.of(), purpose, true, detail);
    }

    public static AuditRecord denied(String resourceType, Object resourceId, Long clientId, String purpose, String reason) {
        return new AuditRecord("view", resourceType, resourceId == null ? null : String.valueOf(resourceId), clientId,
                List.of(), List.of(), purpose, false, reason);
    }
}
