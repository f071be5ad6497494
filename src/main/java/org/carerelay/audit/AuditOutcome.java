package org.carerelay.audit;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Whether the request an audit entry records was allowed, as stored in {@code audit_entry.outcome}. */
public enum AuditOutcome {
    ALLOWED("allowed"), DENIED("denied");

    public final String code;

    AuditOutcome(String code) {
        this.code = code;
    }

    public static AuditOutcome of(boolean allowed) {
        return allowed ? ALLOWED : DENIED;
    }

    public static Optional<AuditOutcome> of(String code) {
        return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst();
    }

    /** Every code, in declaration order (for filters and their messages). */
    public static List<String> codes() {
        return Arrays.stream(values()).map(o -> o.code).toList();
    }
}
