package org.carerelay.deliveries;

import java.util.Optional;
import org.carerelay.sql.Codes;

/** How a completed delivery ended. Declined, no action needed and transferred need a reason. */
public enum Outcome {
    ACTIONED("actioned", "Actioned", false),
    NO_ACTION_NEEDED("no_action_needed", "No action needed", true),
    DECLINED("declined", "Declined", true),
    TRANSFERRED("transferred", "Transferred", true);

    public final String code;
    public final String label;
    public final boolean needsReason;

    Outcome(String code, String label, boolean needsReason) {
        this.code = code;
        this.label = label;
        this.needsReason = needsReason;
    }

    public static Optional<Outcome> of(String code) {
        return Codes.find(values(), o -> o.code, code);
    }
}
