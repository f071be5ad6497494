package org.carerelay.audit;

/** What a user or partner system did, as stored in {@code audit_entry.action}. */
public enum AuditAction {
    VIEW("view"), LIST("list"), EXPORT("export"), WRITE("write"), BREAK_GLASS("break_glass"), REVIEW("review");

    public final String code;

    AuditAction(String code) {
        this.code = code;
    }
}
