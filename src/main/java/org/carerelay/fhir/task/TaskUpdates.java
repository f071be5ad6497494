package org.carerelay.fhir.task;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.deliveries.DeliveryService;
import org.carerelay.deliveries.Outcome;
import org.carerelay.fhir.Fhir;
import org.carerelay.fhir.FhirStore;
import org.carerelay.fhir.FhirStore.DeliveryWithEvent;
import org.carerelay.fhir.terminology.Terminology;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * The performer's changes to a Task (PATCH or PUT): the recipient agency acknowledges
 * ({@code accepted}), starts ({@code in-progress}) and completes ({@code completed}, or
 * {@code rejected} when declined, with the outcome in {@code output}) its delivery through
 * {@link DeliveryService}, so the portal's transitions and their checks hold. Any other agency gets
 * 404, the requester 403; an illegal transition 409; a change to anything but status,
 * businessStatus, statusReason or output 422. Every refusal is audited as denied.
 */
@ApplicationScoped
public class TaskUpdates {

    @Inject
    FhirStore store;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    TaskReads reads;

    @Inject
    DeliveryService deliveries;

    @Inject
    Fhir fhir;

    /** The delivery's version as an ETag (W/"n"): Task.meta.versionId. */
    public static String etag(Task task) {
        return "W/\"" + task.getMeta().getVersionId() + "\"";
    }

    @Transactional
    public void update(long id, DeliveryService.Actor actor, String ifMatch, UnaryOperator<Task> change) {
        String notFound = "No Task " + id + " for your agency.";
        DeliveryWithEvent found = store.delivery(id)
                .orElseThrow(() -> access.refuseForPartner(TaskReads.AUDIT_TYPE, id, null, "no such delivery (update)", notFound));
        AccessPolicy.Party party = access.requireDeliveryParty(found.delivery(), found.event(), actor.agencyId(), TaskReads.AUDIT_TYPE, notFound);
        long clientId = found.delivery().clientId;
        if (party != AccessPolicy.Party.RECIPIENT) {
            throw refuse(id, clientId, 403, "forbidden", "Only the owner updates a Task",
                    new FieldError("Task.owner", "the recipient agency (the owner) works the Task; as its requester you can read it"));
        }
        // as the performer read it: through JSON, so that what it sends back compares equal (times to the second)
        Task current = fhir.jsonParser().parseResource(Task.class, fhir.json(reads.current(found)));
        if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().replace("W/", "").equals("\"" + found.delivery().version + "\"")) {
            throw refuse(id, clientId, 412, "version-conflict", "Changed since you read it", new FieldError("Task.meta.versionId",
                    "If-Match " + ifMatch + " is not the current version " + etag(current) + "; read the Task again"));
        }
        Task desired = change.apply(current.copy());
        List<FieldError> others = unchangeable(current, desired);
        if (!others.isEmpty()) {
            throw refuse(id, clientId, 422, "unprocessable", "Only the status changes here", others.toArray(FieldError[]::new));
        }
        TaskStatusMap now = TaskStatusMap.of(found.delivery().deliveryState(),
                found.delivery().outcome == null ? null : Outcome.of(found.delivery().outcome).orElseThrow());
        TaskStatus to = desired.getStatus();
        if (to == now.taskStatus && sameCodes(current.getBusinessStatus(), desired.getBusinessStatus())
                && current.getOutput().size() == desired.getOutput().size()) {
            return; // nothing to do: the same state, as FHIR's update of an unchanged resource
        }
        Outcome outcome = null;
        switch (to == null ? TaskStatus.NULL : to) {
            case ACCEPTED, INPROGRESS -> {
            }
            case COMPLETED, REJECTED -> {
                outcome = outcome(desired, to).orElseThrow(() -> refuse(id, clientId, 422, "unprocessable", "Outcome required",
                        new FieldError("Task.output", "completing needs the outcome: an output of type outcome with a code of "
                                + Terminology.url(Terminology.DELIVERY_STATUS) + " (actioned, no_action_needed, transferred; declined is rejected)")));
                if ((outcome == Outcome.DECLINED) != (to == TaskStatus.REJECTED)) {
                    throw refuse(id, clientId, 422, "unprocessable", "Status and outcome disagree", new FieldError("Task.status",
                            outcome == Outcome.DECLINED ? "a declined delivery is rejected" : "rejected means declined; this outcome is completed"));
                }
            }
            case REQUESTED -> throw refuse(id, clientId, 409, "invalid-transition", "Not possible in this state", new FieldError("Task.status",
                    "a Task never goes back to requested; it is " + now.taskStatus.toCode() + " (" + now.label().toLowerCase() + ")"));
            default -> throw refuse(id, clientId, 422, "unprocessable", "Not a performer's status", new FieldError("Task.status",
                    "the performer sets accepted, in-progress, completed or rejected; "
                            + (to == null || to == TaskStatus.NULL ? "status is required" : to.toCode() + " is not one of them")));
        }
        try {
            switch (to) {
                case ACCEPTED -> deliveries.acknowledge(id, actor, null);
                case INPROGRESS -> deliveries.start(id, actor, null);
                default -> deliveries.complete(id, actor, outcome, reason(desired, outcome), null);
            }
        } catch (ProblemException e) {
            // the portal's own checks (an illegal transition, a reason the outcome needs): the same refusal, at its FHIRPath
            throw refuse(id, clientId, e.status == 400 ? 422 : e.status, e.type, e.title, e.errors.isEmpty()
                    ? new FieldError[] {new FieldError("Task.status", e.getMessage())}
                    : e.errors.stream().map(f -> new FieldError(f.field().equals("reason") ? "Task.statusReason" : "Task.status", f.message()))
                            .toArray(FieldError[]::new));
        }
    }

    private ProblemException refuse(long id, long clientId, int status, String type, String title, FieldError... errors) {
        audit.record(AuditRecord.denied(TaskReads.AUDIT_TYPE, id, clientId, Purpose.PARTNER_SYSTEM, "update refused: " + errors[0].message()));
        return new ProblemException(status, type, title, errors.length == 1 ? errors[0].message() : title + ".", List.of(errors));
    }

    /** Every element other than the four a performer sets must stay as read (meta, text and lastModified are the server's and ignored). */
    static List<FieldError> unchangeable(Task current, Task desired) {
        List<FieldError> errors = new ArrayList<>();
        java.util.Map<String, List<Base>> after = new java.util.HashMap<>();
        desired.children().forEach(p -> after.put(p.getName(), p.getValues()));
        for (Property property : current.children()) {
            String name = property.getName();
            if (TaskPatches.WRITABLE.contains(name) || List.of("id", "meta", "text", "lastModified", "implicitRules", "language").contains(name)) {
                continue;
            }
            if (!Base.compareDeep(property.getValues(), after.getOrDefault(name, List.of()), true)) {
                errors.add(new FieldError("Task." + name.replace("[x]", ""), "a performer changes only status, businessStatus, statusReason and output"));
            }
        }
        return errors;
    }

    private static boolean sameCodes(CodeableConcept a, CodeableConcept b) {
        return a.getCoding().stream().map(Coding::getCode).toList().equals(b.getCoding().stream().map(Coding::getCode).toList());
    }

    /** The outcome: from the output of type outcome, else from businessStatus; a rejected Task without one is declined. */
    static Optional<Outcome> outcome(Task task, TaskStatus status) {
        String system = Terminology.url(Terminology.DELIVERY_STATUS);
        for (Task.TaskOutputComponent output : task.getOutput()) {
            if (output.getValue() instanceof CodeableConcept value) {
                Optional<Outcome> found = value.getCoding().stream().filter(c -> system.equals(c.getSystem()))
                        .map(c -> Outcome.of(c.getCode())).flatMap(Optional::stream).findFirst();
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        Optional<Outcome> business = task.getBusinessStatus().getCoding().stream().filter(c -> system.equals(c.getSystem()))
                .map(c -> Outcome.of(c.getCode())).flatMap(Optional::stream).findFirst();
        return business.isPresent() || status != TaskStatus.REJECTED ? business : Optional.of(Outcome.DECLINED);
    }

    /** The recipient's reason: statusReason's text, else the outcome's text when it is more than the outcome's name. */
    static String reason(Task task, Outcome outcome) {
        if (task.hasStatusReason() && task.getStatusReason().hasText()) {
            return task.getStatusReason().getText();
        }
        for (Task.TaskOutputComponent output : task.getOutput()) {
            if (output.getValue() instanceof CodeableConcept value && value.hasText() && !value.getText().equals(outcome.label)) {
                return value.getText();
            }
        }
        return null;
    }
}
