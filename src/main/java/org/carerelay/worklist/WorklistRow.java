package org.carerelay.worklist;

import java.time.Instant;
import org.carerelay.deliveries.DeliveryState;

/** One delivery on an agency's worklist, with what the person may do next. */
public record WorklistRow(long id, int version, long clientId, String clientName, String type, String title, String meaning,
        String sourceAgency, Instant receivedAt, Instant dueAt, String urgency, String state, String owner, String outcome,
        boolean overdue, String lastNote, String message, boolean messageIsError, Long handoverId, String nextAction, Instant nextActionDue,
        boolean awaitingIdentityCheck) {

    public DeliveryState deliveryState() {
        return DeliveryState.of(state).orElseThrow();
    }

    public boolean isNew() {
        return deliveryState() == DeliveryState.NEW;
    }

    public boolean isAcknowledged() {
        return deliveryState() == DeliveryState.ACKNOWLEDGED;
    }

    public boolean isOpen() {
        return deliveryState() != DeliveryState.COMPLETED;
    }

    public boolean canComplete() {
        return deliveryState() == DeliveryState.ACKNOWLEDGED || deliveryState() == DeliveryState.IN_PROGRESS;
    }

    public WorklistRow withMessage(String text, boolean error) {
        return new WorklistRow(id, version, clientId, clientName, type, title, meaning, sourceAgency, receivedAt, dueAt, urgency, state,
                owner, outcome, overdue, lastNote, text, error, handoverId, nextAction, nextActionDue, awaitingIdentityCheck);
    }
}
