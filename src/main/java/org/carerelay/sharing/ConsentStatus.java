package org.carerelay.sharing;

import java.util.Arrays;
import java.util.Optional;

/** A recorded consent decision. Only GIVEN lets sensitive fields flow. */
public enum ConsentStatus {
    GIVEN("given"), REFUSED("refused"), WITHDRAWN("withdrawn");

    public final String code;

    ConsentStatus(String code) {
        this.code = code;
    }

    public static Optional<ConsentStatus> of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }
}
