package org.carerelay.fhir.event;

import org.carerelay.catalogue.Urgency;
import org.carerelay.events.SharedEvent;

/**
 * How an event appears in FHIR: a ServiceRequest when it asks something of the recipient (urgent
 * review, routine follow-up), a Communication when it is information only. Decided by the event's
 * urgency (the type's default unless the sender overrode it), so the resource carries the urgency.
 */
public enum EventKind {
    SERVICE_REQUEST("ServiceRequest"), COMMUNICATION("Communication");

    public final String resourceType;

    EventKind(String resourceType) {
        this.resourceType = resourceType;
    }

    public static EventKind of(Urgency urgency) {
        return urgency == Urgency.INFORMATION_ONLY ? COMMUNICATION : SERVICE_REQUEST;
    }

    public static EventKind of(SharedEvent event) {
        return of(Urgency.of(event.urgency).orElseThrow());
    }
}
