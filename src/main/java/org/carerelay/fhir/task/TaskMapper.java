package org.carerelay.fhir.task;

import java.time.Instant;
import java.util.Date;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.Urgency;
import org.carerelay.deliveries.Delivery;
import org.carerelay.deliveries.Outcome;
import org.carerelay.events.SharedEvent;
import org.carerelay.fhir.FhirUrls;
import org.carerelay.fhir.event.EventKind;
import org.carerelay.fhir.terminology.Terminology;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * One delivery as a FHIR Task: the recipient's work on one event. Status and business status from
 * {@link TaskStatusMap}; the event as {@code focus}; the client as {@code for} (a reference only);
 * the source agency as requester; the owner is the recipient agency, or the person who owns it as a
 * contained PractitionerRole of that agency; due time as {@code restriction.period.end}.
 */
public final class TaskMapper {

    /** What the Task is made of (the caller has already been allowed to see it). */
    public record Source(Delivery delivery, SharedEvent event, EventType type, AgencyRef requester, AgencyRef recipient,
            Instant lastModified, Long handoverId) {
    }

    static final String OWNER = "owner";

    private TaskMapper() {
    }

    public static Task toFhir(Source s) {
        Delivery d = s.delivery();
        TaskStatusMap status = TaskStatusMap.of(d.deliveryState(), d.outcome == null ? null : Outcome.of(d.outcome).orElseThrow());
        Task task = new Task();
        task.setId(String.valueOf(d.id));
        task.getMeta().setLastUpdated(Date.from(s.lastModified())).setVersionId(String.valueOf(d.version));
        task.addIdentifier(new Identifier().setSystem(FhirUrls.DELIVERY_ID).setValue(String.valueOf(d.id)));
        task.setStatus(status.taskStatus);
        task.setBusinessStatus(new CodeableConcept(Terminology.coding(Terminology.DELIVERY_STATUS, status.businessStatus(), status.label()))
                .setText(status.label()));
        if (d.outcomeReason != null) {
            task.setStatusReason(new CodeableConcept().setText(d.outcomeReason));
        }
        task.setIntent(Task.TaskIntent.ORDER);
        task.setPriority(Urgency.of(d.urgency).orElseThrow() == Urgency.URGENT_REVIEW ? Task.TaskPriority.URGENT : Task.TaskPriority.ROUTINE);
        task.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", "Fulfill the focal request")));
        task.setDescription(s.type().title + ": " + s.type().action);
        EventKind kind = EventKind.of(s.event());
        task.setFocus(new Reference(kind.resourceType + "/" + s.event().id).setDisplay(s.type().title));
        task.setFor(FhirUrls.patient(d.clientId));
        task.setAuthoredOnElement(new DateTimeType(Date.from(d.createdAt)));
        task.setLastModifiedElement(new DateTimeType(Date.from(s.lastModified())));
        task.setRequester(FhirUrls.organization(s.requester()));
        if (d.ownerUsername != null) {
            PractitionerRole owner = new PractitionerRole();
            owner.setId(OWNER);
            owner.addIdentifier(FhirUrls.staff(d.ownerUsername));
            owner.setPractitioner(new Reference().setDisplay(d.ownerUsername));
            owner.setOrganization(FhirUrls.organization(s.recipient()));
            task.addContained(owner);
            task.setOwner(new Reference("#" + OWNER).setDisplay(d.ownerUsername + ", " + s.recipient().name()));
        } else {
            task.setOwner(FhirUrls.organization(s.recipient()));
        }
        if (d.acknowledgedAt != null || d.completedAt != null) {
            Instant start = d.acknowledgedAt != null ? d.acknowledgedAt : d.startedAt != null ? d.startedAt : d.completedAt;
            task.getExecutionPeriod().setStartElement(new DateTimeType(Date.from(start)));
            if (d.completedAt != null) {
                task.getExecutionPeriod().setEndElement(new DateTimeType(Date.from(d.completedAt)));
            }
        }
        task.getRestriction().getPeriod().setEndElement(new DateTimeType(Date.from(d.dueAt)));
        if (s.handoverId() != null) {
            task.addInput().setType(new CodeableConcept(Terminology.coding(Terminology.TASK_PARAMETER, "discharge-handover",
                    "The structured discharge handover (a Bundle)"))).setValue(new Reference("Bundle/" + s.handoverId()));
        }
        if (status.outcome != null) {
            CodeableConcept outcome = new CodeableConcept(Terminology.coding(Terminology.DELIVERY_STATUS, status.outcome.code, status.label()))
                    .setText(d.outcomeReason == null ? status.outcome.label : d.outcomeReason);
            task.addOutput().setType(new CodeableConcept(Terminology.coding(Terminology.TASK_PARAMETER, "outcome",
                    "How the delivery was completed, with the recipient's reason"))).setValue(outcome);
        }
        return task;
    }
}
