package org.carerelay.partnerapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.carerelay.events.EventIngest;

/**
 * The answer to a shared event: its id and one entry per recipient delivery. {@code identityCheck}
 * is "pending" when the person matched a client already on the network by name and birth date
 * only: the event was routed under a provisional client until an identity steward decides (absent otherwise).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventCreated(long id, List<DeliveryReceipt> deliveries, String identityCheck) {

    public record DeliveryReceipt(long id, String agency, Instant dueAt, String state, boolean minimumNotice) {
    }

    static EventCreated of(EventIngest.Result result) {
        return new EventCreated(result.eventId(), result.deliveries().stream()
                .map(r -> new DeliveryReceipt(r.deliveryId(), r.agency(), r.dueAt(), r.state(), r.minimumNotice())).toList(),
                result.clientMatch().awaitsIdentityCheck() ? "pending" : null);
    }
}
