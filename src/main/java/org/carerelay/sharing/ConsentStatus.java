package org.carerelay.sharing;

import java.util.Optional;
import org.carerelay.sql.Codes;

/** A recorded consent decision. Only GIVEN lets sensitive fields flow. */
public enum ConsentStatus {
    GIVEN("given"), REFUSED("refused"), WITHDRAWN("withdrawn");

    public final String code;

    ConsentStatus(String code) {
        this.code = code;
    }

    public static Optional<ConsentStatus> of(String code) {
        return Codes.find(values(), s -> s.code, code);
    }
}
