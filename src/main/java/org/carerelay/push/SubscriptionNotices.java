package org.carerelay.push;

import java.time.Instant;

/**
 * The body of a FHIR subscription's notification (implemented by fhir/subscription): the sender hands over what the
 * outbox row holds and posts what comes back as {@code application/fhir+json}.
 */
public interface SubscriptionNotices {

    /**
     * An event notification: subscription {@code subscriptionId}'s event number {@code eventNumber}, written at {@code at},
     * about the delivery {@code deliveryId} (its Task is the focus).
     */
    String body(long subscriptionId, WebhookKind kind, long eventNumber, Instant at, Long deliveryId);
}
