package org.carerelay.clients;

import java.util.Optional;
import org.carerelay.sql.Codes;

/** The small shared flags on a client that every agency with a relationship sees. */
public enum StatusMarker {
    CRISIS_RISK_ELEVATED("crisis_risk_elevated", "Crisis risk elevated"),
    SAFEGUARDING_CONCERN_OPEN("safeguarding_concern_open", "Safeguarding concern open"),
    HOUSING_UNSTABLE("housing_unstable", "Housing unstable"),
    BENEFITS_INTERRUPTED("benefits_interrupted", "Benefits interrupted"),
    FOLLOW_UP_DUE("follow_up_due", "Follow-up due"),
    MEDICATION_RISK_ELEVATED("medication_risk_elevated", "Medication risk elevated");

    public final String code;
    public final String label;

    StatusMarker(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public static Optional<StatusMarker> of(String code) {
        return Codes.find(values(), m -> m.code, code);
    }
}
