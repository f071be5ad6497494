package org.carerelay.worklist;

import java.time.Instant;

/** One delivery on an agency's worklist, with what the person may do next. */
public record WorklistRow(long id, int version, long clientId, String clientName, String type, String title, String meaning,
        String sourceAgency, Instant receivedAt, Instant dueAt, String urgency, String state, String owner, String outcome,
        boolean overdue, String lastNote, String message, boolean messageIsError, Long handoverId, String nextAction, Instant nextActionDue,
        boolean awaitingIdentityCheck) {

    public boolean isNew() {
        return "new".equals(state);
    }

    public boolean isAcknowledged() {
        return "acknowledged".equals(state);
    }

    public boolean isOpen() {
        return !"completed".equals(state);
    }

    public boolean canComplete() {
        return "acknowledged".equals(state) || "in_progress".equals(state);
    }

    public WorklistRow withMessage(String text, boolean error) {
        return new WorklistRow(id, version, clientId, clientName, type, title, meaning, sourceAgency, receivedAt, dueAt, urgency, state,
                owner, outcome, overdue, lastNote, text, error, handoverId, nextAction, nextActionDue, awaitingIdentityCheck);
    }
}
