package org.carerelay.events;

import java.time.Instant;
import java.util.Map;
import org.carerelay.clients.ClientMatcher.PersonDetails;

/**
 * A validated request to share an event, from the partner API or the portal's form.
 * {@code urgency} is null when the catalogue's default applies; data holds typed values
 * (String, Number, Boolean, ISO date/datetime strings, lists of strings).
 */
public record EventSubmission(String typeCode, PersonDetails client, Instant occurredAt, String urgency,
        Map<String, Object> data) {
}
