package org.carerelay.handover;

import java.util.Arrays;
import java.util.Optional;

/** What a query says about a part: it is missing, or it looks wrong. */
public enum QueryKind {
    MISSING("missing", "missing"), WRONG("wrong", "looks wrong");

    public final String code;
    public final String words;

    QueryKind(String code, String words) {
        this.code = code;
        this.words = words;
    }

    public static Optional<QueryKind> of(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }
}
