package org.carerelay.fhir.subscription;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.carerelay.fhir.Fhir;
import org.carerelay.push.EndpointStore.Notification;
import org.carerelay.push.SubscriptionNotices;
import org.carerelay.push.WebhookKind;
import org.carerelay.web.PublicUrl;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The Bundles of the R4 Backport IG: an event notification (history; first entry the subscription status as
 * Parameters, then the focus Task by its full URL only: id-only), and the answers of {@code $status} and
 * {@code $events}. Built with HAPI's model; the same notification body on every attempt.
 */
@ApplicationScoped
public class NotificationBundles implements SubscriptionNotices {

    @Inject
    Fhir fhir;

    @Inject
    PublicUrl publicUrl;

    @Override
    public String body(long subscriptionId, WebhookKind kind, long eventNumber, Instant at, Long deliveryId) {
        return fhir.json(notification(subscriptionId, kind, eventNumber, at, deliveryId));
    }

    Bundle notification(long subscriptionId, WebhookKind kind, long eventNumber, Instant at, Long deliveryId) {
        Bundle bundle = history(subscriptionId, at);
        Parameters status = status(subscriptionId, "active", "event-notification", eventNumber);
        addEvent(status, new Notification(eventNumber, at, deliveryId));
        statusEntry(bundle, status, subscriptionId, "subscription-" + subscriptionId + "-event-" + eventNumber);
        boolean created = kind == WebhookKind.DELIVERY_CREATED;
        Bundle.BundleEntryComponent focus = bundle.addEntry().setFullUrl(url("Task/" + deliveryId));
        focus.getRequest().setMethod(created ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT).setUrl(created ? "Task" : "Task/" + deliveryId);
        focus.getResponse().setStatus(created ? "201" : "200");
        return bundle;
    }

    /** {@code $status}: a searchset with the subscription's status (query-status). */
    Bundle statusBundle(long subscriptionId, String subscriptionStatus, long eventsSoFar, String error) {
        Parameters status = status(subscriptionId, subscriptionStatus, "query-status", eventsSoFar);
        if (error != null) {
            status.addParameter().setName("error").setValue(new org.hl7.fhir.r4.model.CodeableConcept().setText(error));
        }
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(1);
        bundle.setTimestamp(new Date());
        String id = uuid("status-" + subscriptionId + "-" + UUID.randomUUID());
        status.setId(id.substring("urn:uuid:".length()));
        bundle.addEntry().setFullUrl(id).setResource(status).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        return bundle;
    }

    /** {@code $events}: a history Bundle whose status (query-event) lists the events asked for, each with its Task. */
    Bundle eventsBundle(long subscriptionId, String subscriptionStatus, long eventsSoFar, List<Notification> events, String next) {
        Bundle bundle = history(subscriptionId, Instant.now());
        Parameters status = status(subscriptionId, subscriptionStatus, "query-event", eventsSoFar);
        events.forEach(e -> addEvent(status, e));
        statusEntry(bundle, status, subscriptionId, "events-" + subscriptionId + "-" + UUID.randomUUID());
        if (next != null) {
            bundle.addLink().setRelation("next").setUrl(next);
        }
        return bundle;
    }

    private Bundle history(long subscriptionId, Instant at) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.HISTORY);
        bundle.setTimestamp(Date.from(at));
        return bundle;
    }

    private Parameters status(long subscriptionId, String subscriptionStatus, String type, long eventsSoFar) {
        Parameters status = new Parameters();
        status.addParameter().setName("subscription").setValue(new Reference(url("Subscription/" + subscriptionId)));
        status.addParameter().setName("topic").setValue(new CanonicalType(TaskTopic.URL));
        status.addParameter().setName("status").setValue(new CodeType(subscriptionStatus));
        status.addParameter().setName("type").setValue(new CodeType(type));
        status.addParameter().setName("events-since-subscription-start").setValue(new StringType(String.valueOf(eventsSoFar)));
        return status;
    }

    private void addEvent(Parameters status, Notification event) {
        Parameters.ParametersParameterComponent e = status.addParameter().setName("notification-event");
        e.addPart().setName("event-number").setValue(new StringType(String.valueOf(event.eventNumber())));
        e.addPart().setName("timestamp").setValue(new InstantType(Date.from(event.at())));
        e.addPart().setName("focus").setValue(new Reference(url("Task/" + event.deliveryId())));
    }

    private void statusEntry(Bundle bundle, Parameters status, long subscriptionId, String seed) {
        String id = uuid(seed);
        status.setId(id.substring("urn:uuid:".length()));
        Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(id).setResource(status);
        entry.getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(url("Subscription/" + subscriptionId + "/$status"));
        entry.getResponse().setStatus("200");
    }

    private String url(String path) {
        return publicUrl.resolve("/fhir/r4/" + path).toString();
    }

    /** A urn:uuid derived from the seed, so the same notification has the same ids on every attempt. */
    private static String uuid(String seed) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }
}
