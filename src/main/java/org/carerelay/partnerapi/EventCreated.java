package org.carerelay.partnerapi;

import java.time.Instant;
import java.util.List;
import org.carerelay.events.EventIngest;

/** The answer to a shared event: its id and one entry per recipient delivery. */
public record EventCreated(long id, List<DeliveryReceipt> deliveries) {

    public record DeliveryReceipt(long id, String agency, Instant dueAt, String state, boolean minimumNotice) {
    }

    static EventCreated of(EventIngest.Result result) {
        return new EventCreated(result.eventId(), result.deliveries().stream()
                .map(r -> new DeliveryReceipt(r.deliveryId(), r.agency(), r.dueAt(), r.state(), r.minimumNotice())).toList());
    }
}
