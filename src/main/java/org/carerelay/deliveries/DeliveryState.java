package org.carerelay.deliveries;

import java.util.Optional;
import org.carerelay.sql.Codes;

/** Where a delivery is in its loop: new → acknowledged → in progress → completed. */
public enum DeliveryState {
    NEW("new", "New"), ACKNOWLEDGED("acknowledged", "Acknowledged"), IN_PROGRESS("in_progress", "In progress"),
    COMPLETED("completed", "Completed");

    public final String code;
    public final String label;

    DeliveryState(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public static Optional<DeliveryState> of(String code) {
        return Codes.find(values(), s -> s.code, code);
    }
}
