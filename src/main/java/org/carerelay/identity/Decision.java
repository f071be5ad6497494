package org.carerelay.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * An identity steward's decision, as stored in {@code identity_decision.decision} (every kind) and
 * {@code identity_exception.decision} (the decision in force: never {@link #UNDO}).
 */
public enum Decision {
    SAME_PERSON("same_person"), DIFFERENT_PEOPLE("different_people"), UNDO("undo");

    public final String code;

    Decision(String code) {
        this.code = code;
    }

    /** The decision of this code; empty for null (an open exception has none). */
    public static Optional<Decision> of(String code) {
        return Arrays.stream(values()).filter(d -> d.code.equals(code)).findFirst();
    }

    /** "same person": for messages. */
    public String words() {
        return code.replace('_', ' ');
    }
}
