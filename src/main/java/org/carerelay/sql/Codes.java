package org.carerelay.sql;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/** The one lookup of an enum stored in the database (and sent in forms and JSON) by a lower-case code. */
public final class Codes {

    private Codes() {
    }

    /** The constant whose code is {@code code}, if any. */
    public static <E extends Enum<E>> Optional<E> find(E[] values, Function<E, String> codeOf, String code) {
        return Arrays.stream(values).filter(v -> codeOf.apply(v).equals(code)).findFirst();
    }
}
