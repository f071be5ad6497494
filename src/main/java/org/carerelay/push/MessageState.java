package org.carerelay.push;

import java.util.Arrays;

/** A webhook message's place in the outbox ({@code webhook_message.state}). */
public enum MessageState {
    /** Waiting for its next attempt ({@code next_attempt_at}). */
    PENDING("pending"),
    /** Claimed by one instance, which is sending it now (until {@code lease_until}). */
    SENDING("sending"),
    /** The receiver answered 2xx. */
    DELIVERED("delivered"),
    /** Every retry failed (or the receiver answered 410): a dead letter, until resent. */
    DEAD("dead");

    public final String code;

    MessageState(String code) {
        this.code = code;
    }

    public static MessageState of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown message state " + code));
    }
}
