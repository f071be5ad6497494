package org.carerelay.catalogue;

import java.util.Optional;
import org.carerelay.sql.Codes;

/** How fast the recipient must look at an event. Ordered from most to least urgent. */
public enum Urgency {
    URGENT_REVIEW("urgent_review", "Urgent review"),
    ROUTINE_FOLLOW_UP("routine_follow_up", "Routine follow-up"),
    INFORMATION_ONLY("information_only", "Information only");

    public final String code;
    public final String label;

    Urgency(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public static Optional<Urgency> of(String code) {
        return Codes.find(values(), u -> u.code, code);
    }
}
