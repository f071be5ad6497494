package org.carerelay.events;

import java.time.Instant;
import java.util.Map;
import org.carerelay.clients.ClientMatcher.PersonDetails;

/**
 * A validated request to share an event, from the partner API or the portal's form.
 * {@code urgency} is null when the catalogue's default applies; data holds typed values
 * (String, Number, Boolean, ISO date/datetime strings, lists of strings). {@code chosenClientId}
 * is the client a person raised the event from in the portal (null otherwise, and always null
 * from the API): it counts only when their agency has a care relationship with that client.
 */
public record EventSubmission(String typeCode, PersonDetails client, Instant occurredAt, String urgency,
        Map<String, Object> data, Long chosenClientId) {

    public EventSubmission(String typeCode, PersonDetails client, Instant occurredAt, String urgency, Map<String, Object> data) {
        this(typeCode, client, occurredAt, urgency, data, null);
    }

    public EventSubmission raisedFrom(long clientId) {
        return new EventSubmission(typeCode, client, occurredAt, urgency, data, clientId);
    }
}
