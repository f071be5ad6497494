package org.carerelay.handover;

import java.util.Arrays;

/** An action item is open until its responsible agency completes it. */
public enum ActionItemState {
    OPEN("open"), COMPLETED("completed");

    public final String code;

    ActionItemState(String code) {
        this.code = code;
    }

    public static ActionItemState of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an action item state: " + code));
    }
}
