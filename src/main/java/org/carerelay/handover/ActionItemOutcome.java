package org.carerelay.handover;

import java.util.Arrays;
import java.util.Optional;

/** How the responsible agency completed an action item. */
public enum ActionItemOutcome {
    DONE("done", "done"), NOT_NEEDED("not_needed", "not needed"), COULD_NOT_COMPLETE("could_not_complete", "could not complete");

    public final String code;
    public final String words;

    ActionItemOutcome(String code, String words) {
        this.code = code;
        this.words = words;
    }

    public static Optional<ActionItemOutcome> of(String code) {
        return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst();
    }
}
