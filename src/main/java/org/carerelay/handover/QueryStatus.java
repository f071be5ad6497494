package org.carerelay.handover;

import java.util.Arrays;

/** A query on a handover is open until the source answers it or issues a correction. */
public enum QueryStatus {
    OPEN("open"), ANSWERED("answered"), CORRECTED("corrected");

    public final String code;

    QueryStatus(String code) {
        this.code = code;
    }

    public static QueryStatus of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a query status: " + code));
    }
}
