package org.carerelay.notify;

import org.carerelay.sql.Codes;

/** Where a notice is: waiting to be sent (or retried), being sent, sent, failed for good, or not sent because the item was acknowledged. */
public enum NoticeState {
    PENDING("pending", "Waiting to be sent"), SENDING("sending", "Sending"), SENT("sent", "Sent"), FAILED("failed", "Failed"),
    CANCELLED("cancelled", "Not sent: acknowledged first");

    public final String code;
    public final String label;

    NoticeState(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public static NoticeState of(String code) {
        return Codes.find(values(), s -> s.code, code).orElseThrow();
    }
}
