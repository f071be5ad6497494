package org.carerelay.push;

import java.util.Arrays;

/** An endpoint's state, as stored in {@code webhook_endpoint.status}. */
public enum EndpointStatus {
    /** Messages are sent. */
    ACTIVE("active", "Active"),
    /** Paused by the agency: messages are kept and sent after resume. */
    PAUSED("paused", "Paused"),
    /** The receiver answered 410 Gone: nothing is kept or sent until the agency resumes it. */
    DISABLED("disabled", "Disabled"),
    /** A message exhausted its retries (dead letter); sending continues, the next success clears it. */
    FAILING("failing", "Failing");

    public final String code;
    public final String label;

    EndpointStatus(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public static EndpointStatus of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown endpoint status " + code));
    }

    /** Messages for new changes are written to the outbox for it. */
    public boolean receivesMessages() {
        return this != DISABLED;
    }
}
