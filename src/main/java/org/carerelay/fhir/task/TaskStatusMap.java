package org.carerelay.fhir.task;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.deliveries.Outcome;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * Delivery state and outcome ↔ Task.status and Task.businessStatus, after the Gravity (SDOH
 * Clinical Care) referral task states: the requester sets requested (and would set draft or
 * cancelled), the performer accepted, rejected, in-progress and completed. Both directions, so that
 * Task updates from partners can be read back into delivery actions.
 */
public enum TaskStatusMap {
    NEW(DeliveryState.NEW, null, TaskStatus.REQUESTED),
    ACKNOWLEDGED(DeliveryState.ACKNOWLEDGED, null, TaskStatus.ACCEPTED),
    IN_PROGRESS(DeliveryState.IN_PROGRESS, null, TaskStatus.INPROGRESS),
    ACTIONED(DeliveryState.COMPLETED, Outcome.ACTIONED, TaskStatus.COMPLETED),
    NO_ACTION_NEEDED(DeliveryState.COMPLETED, Outcome.NO_ACTION_NEEDED, TaskStatus.COMPLETED),
    DECLINED(DeliveryState.COMPLETED, Outcome.DECLINED, TaskStatus.REJECTED),
    TRANSFERRED(DeliveryState.COMPLETED, Outcome.TRANSFERRED, TaskStatus.COMPLETED);

    public final DeliveryState state;
    public final Outcome outcome;
    public final TaskStatus taskStatus;

    TaskStatusMap(DeliveryState state, Outcome outcome, TaskStatus taskStatus) {
        this.state = state;
        this.outcome = outcome;
        this.taskStatus = taskStatus;
    }

    /** The Task.businessStatus code (in carerelay-delivery-status): the state, or the outcome once completed. */
    public String businessStatus() {
        return outcome == null ? state.code : outcome.code;
    }

    public String label() {
        return outcome == null ? state.label : "Completed: " + outcome.label.toLowerCase();
    }

    public static TaskStatusMap of(DeliveryState state, Outcome outcome) {
        return Arrays.stream(values()).filter(m -> m.state == state && m.outcome == outcome).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Task status for " + state + "/" + outcome));
    }

    /** The delivery state and outcome a Task status (and business status, where several share one status) stands for. */
    public static Optional<TaskStatusMap> fromFhir(TaskStatus status, String businessStatus) {
        List<TaskStatusMap> candidates = forStatus(status);
        if (candidates.size() == 1) {
            return Optional.of(candidates.get(0));
        }
        return candidates.stream().filter(m -> m.businessStatus().equals(businessStatus)).findFirst();
    }

    /** Every row with this Task.status (search by status). */
    public static List<TaskStatusMap> forStatus(TaskStatus status) {
        return Arrays.stream(values()).filter(m -> m.taskStatus == status).toList();
    }
}
