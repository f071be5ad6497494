package org.carerelay.fhir.subscription;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.fhir.subscription.SubscriptionRequest.Asked;
import org.carerelay.push.EndpointGuard;
import org.carerelay.push.EndpointStore.EndpointRow;
import org.carerelay.push.EndpointStore.Notification;
import org.carerelay.push.EndpointStore.SubscriptionSpec;
import org.carerelay.push.SecretBox;
import org.carerelay.push.Webhooks;
import org.carerelay.push.Webhooks.Caller;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Subscription;

/**
 * A partner's FHIR subscriptions to the Task topic: created, read, listed and deleted for its own agency only (another
 * agency's or an unknown id is a 404 with a denied audit entry, through {@link Webhooks}), with {@code $status} and
 * {@code $events} for a receiver that lost notifications. Stored and sent as push endpoints of the channel
 * {@code fhir-rest-hook}: retries, dead letters and the admin page are the webhooks'.
 */
@ApplicationScoped
public class FhirSubscriptions {

    /** Events per {@code $events} answer; a next link asks for the rest. */
    static final int EVENTS_PER_PAGE = 100;

    @Inject
    Webhooks webhooks;

    @Inject
    AgencyDirectory agencies;

    @Inject
    EndpointGuard guard;

    @Inject
    SecretBox secrets;

    @Inject
    NotificationBundles bundles;

    @Inject
    Clock clock;

    public Subscription create(Caller caller, Subscription sent) {
        Asked asked = SubscriptionRequest.read(sent, agencies::find, guard::problem, clock.instant());
        byte[] headers = asked.headers().isEmpty() ? null : secrets.seal(String.join("\n", asked.headers()));
        EndpointRow row = webhooks.registerSubscription(caller, new SubscriptionSpec(asked.endpoint(), TaskTopic.KINDS, asked.reason(),
                asked.owner(), asked.requester(), asked.statuses(), headers, asked.end()));
        return view(row);
    }

    public Subscription read(Caller caller, long id) {
        return view(webhooks.subscription(caller, id));
    }

    public List<Subscription> list(Caller caller) {
        return webhooks.subscriptions(caller.agencyId()).stream().map(this::view).toList();
    }

    public void delete(Caller caller, long id) {
        webhooks.subscription(caller, id);
        webhooks.delete(caller, id);
    }

    /** {@code $status}: the subscription's state and how many events it has had. */
    public Bundle status(Caller caller, long id) {
        EndpointRow row = webhooks.subscription(caller, id);
        String state = SubscriptionView.status(row, clock.instant()).toCode();
        return bundles.statusBundle(id, state, row.lastSequence(), state.equals("active") ? null : row.statusReason());
    }

    /**
     * {@code $events}: the notifications numbered {@code since}..{@code until} (both optional, inclusive), at most
     * {@link #EVENTS_PER_PAGE}; {@code nextUrl} makes the link to the rest from a first event number.
     */
    public Bundle events(Caller caller, long id, String since, String until, java.util.function.LongFunction<String> nextUrl) {
        long from = number(since, "eventsSinceNumber", 1);
        long to = number(until, "eventsUntilNumber", Long.MAX_VALUE);
        if (to < from) {
            throw ProblemException.invalid("Nothing lies between these event numbers.",
                    List.of(new FieldError("eventsUntilNumber", "must not be below eventsSinceNumber")));
        }
        EndpointRow row = webhooks.subscription(caller, id);
        List<Notification> events = webhooks.notifications(caller, id, from, to, EVENTS_PER_PAGE + 1);
        String next = null;
        if (events.size() > EVENTS_PER_PAGE) {
            events = events.subList(0, EVENTS_PER_PAGE);
            next = nextUrl.apply(events.get(EVENTS_PER_PAGE - 1).eventNumber() + 1);
        }
        return bundles.eventsBundle(id, SubscriptionView.status(row, clock.instant()).toCode(), row.lastSequence(), events, next);
    }

    private static long number(String value, String name, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw ProblemException.invalid("Event numbers are whole numbers from 1.", List.of(new FieldError(name, "not an event number: " + value)));
    }

    private Subscription view(EndpointRow row) {
        return SubscriptionView.of(row, id -> agencies.find(id).map(AgencyDirectory.AgencyRef::slug).orElse(String.valueOf(id)), clock.instant());
    }
}
