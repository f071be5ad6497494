package org.carerelay.clients;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A client's shared record as one viewer may see it: nothing here was withheld from them. */
public record ClientRecord(long id, String givenName, String familyName, LocalDate birthDate, List<String> localIds,
        List<ClientMarkers.ActiveMarker> markers, List<TimelineEvent> timeline, List<AlreadyDone> alreadyDone,
        List<ConsentLine> consent, boolean viaBreakGlass, Instant breakGlassUntil, boolean awaitingIdentityCheck) {

    public String name() {
        return givenName + " " + familyName;
    }

    /** One shared event on the timeline. */
    public record TimelineEvent(long id, String type, String title, String meaning, String sourceAgency, Instant occurredAt,
            String urgency, List<Field> fields, String withheldReason, List<DeliveryLine> deliveries) {
    }

    /** One visible field: label and display value. */
    public record Field(String name, String label, String value) {
    }

    /** Where one delivery of the event stands at its recipient: the closed loop. */
    public record DeliveryLine(long id, String agency, String state, String owner, Instant dueAt, boolean overdue,
            String outcome) {
    }

    /** Recent work by another agency (a completed delivery or a recorded contact), so nobody repeats it. */
    public record AlreadyDone(String agency, String what, String outcome, Instant at) {
    }

    public record ConsentLine(String recipient, String category, String status, String recordedBy, Instant recordedAt) {
    }
}
