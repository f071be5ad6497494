package org.carerelay.identity;

import java.util.Arrays;

/** Where an identity exception stands, as stored in {@code identity_exception.status}. */
public enum ExceptionStatus {
    OPEN("open"), RESOLVED("resolved");

    public final String code;

    ExceptionStatus(String code) {
        this.code = code;
    }

    public static ExceptionStatus of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an identity exception status: " + code));
    }
}
