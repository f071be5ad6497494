package org.carerelay.worklist;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.CurrentUser;
import org.carerelay.agencies.StaffDirectory;
import org.carerelay.deliveries.DeliveryService;
import org.carerelay.deliveries.DeliveryService.Actor;
import org.carerelay.deliveries.Outcome;
import org.carerelay.web.ProblemException;

/**
 * One-click actions on a worklist row. Always answers with the row as it now stands: after a
 * success with a confirmation, after a refusal (someone else changed it first, a reason is
 * missing) with the reason, so nothing is lost and the person sees the current state.
 */
@ApplicationScoped
public class WorklistActions {

    static final Map<String, String> DONE = Map.of("acknowledge", "Acknowledged.", "take", "You own this now.",
            "start", "Started.", "complete", "Completed.", "assign", "Assigned.", "note", "Note added.");

    @Inject
    DeliveryService deliveries;

    @Inject
    WorklistService worklist;

    @Inject
    StaffDirectory staff;

    @Inject
    CurrentUser user;

    @Inject
    AccessPolicy access;

    public WorklistRow act(long deliveryId, String action, Integer version, String outcome, String reason, String assignee, String note) {
        long agencyId = user.requireAgencyId();
        access.requireOwnDelivery(deliveryId, agencyId); // first, so that a guessed id is refused (and audited) whatever else is wrong
        Actor actor = new Actor(user.getUsername(), agencyId, user.isTeamLead());
        String message;
        boolean error = false;
        try {
            switch (action) {
                case "acknowledge" -> deliveries.acknowledge(deliveryId, actor, version);
                case "take" -> deliveries.take(deliveryId, actor, version);
                case "start" -> deliveries.start(deliveryId, actor, version);
                case "complete" -> deliveries.complete(deliveryId, actor, Outcome.of(outcome == null ? "" : outcome).orElseThrow(
                        () -> ProblemException.invalid("Choose an outcome.", java.util.List.of(
                                new ProblemException.FieldError("outcome", "Choose how it ended.")))), reason, version);
                case "assign" -> {
                    if (assignee != null && !assignee.isBlank() && !staff.isFrontlineOf(assignee, agencyId)) {
                        throw ProblemException.invalid("Choose someone on your team.", java.util.List.of(
                                new ProblemException.FieldError("assignee", assignee + " is not a frontline member of your agency.")));
                    }
                    deliveries.assign(deliveryId, actor, assignee, version);
                }
                case "note" -> deliveries.addNote(deliveryId, actor, note);
                default -> throw ProblemException.notFound("Unknown action " + action + ".");
            }
            message = DONE.get(action);
        } catch (ProblemException e) {
            if (e.status == 404) {
                throw e;
            }
            error = true;
            message = e.errors.isEmpty() ? e.getMessage() : e.errors.get(0).message();
        }
        WorklistRow row = worklist.row(agencyId, deliveryId);
        if (row == null) {
            throw ProblemException.notFound("No delivery " + deliveryId + " for your agency.");
        }
        return row.withMessage(message, error);
    }
}
