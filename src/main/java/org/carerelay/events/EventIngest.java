package org.carerelay.events;

import org.carerelay.access.Purpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.clients.CareRelationships;
import org.carerelay.clients.ClientMarkers;
import org.carerelay.clients.ClientMatcher;
import org.carerelay.deliveries.Delivery;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.deliveries.DeliveryTransition;
import org.carerelay.fanout.Announcement;
import org.carerelay.fanout.FanOut;
import org.carerelay.sharing.Routing;
import org.carerelay.sharing.Routing.Covering;
import org.carerelay.sharing.Routing.Route;
import org.carerelay.web.ProblemException;

/**
 * Takes a validated event in: checks that a sharing agreement covers it, links the client, and in
 * one transaction writes the event, one delivery per recipient (owner: the team queue; due:
 * occurred time + the type's window), the status markers, the care relationships, and announces
 * each delivery after commit. The number of statements depends on the number of recipients only.
 */
@ApplicationScoped
public class EventIngest {

    /** Who submits: a person through the portal or a partner system through the API. */
    public record Submitter(String username, long agencyId) {
    }

    public record Receipt(long deliveryId, String agency, Instant dueAt, String state, boolean minimumNotice) {
    }

    public record Result(long eventId, long clientId, ClientMatcher.Outcome clientMatch, List<Receipt> deliveries) {
    }

    @Inject
    Catalogue catalogue;

    @Inject
    Routing routing;

    @Inject
    ClientMatcher clients;

    @Inject
    ClientMarkers markers;

    @Inject
    CareRelationships relationships;

    @Inject
    FanOut fanOut;

    @Inject
    AgencyDirectory agencies;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    org.carerelay.audit.AuditLog audit;

    @Inject
    org.carerelay.push.Outbox outbox;

    @Inject
    org.carerelay.concerns.ConcernEvaluation concerns;

    public EventValidator validator() {
        return new EventValidator(catalogue::current, clock);
    }

    @Transactional
    public Result ingest(EventSubmission submission, Submitter submitter) {
        EventType type = catalogue.current(submission.typeCode()).orElseThrow(
                () -> ProblemException.invalid("Unknown event type.", List.of(new ProblemException.FieldError("type", "unknown event type"))));
        if (org.carerelay.concerns.RuleChecks.CONCERN_TYPE.equals(type.code)) {
            throw ProblemException.invalid("A multi-agency concern is raised by the network's concern rules, never sent.",
                    List.of(new ProblemException.FieldError("type", "MULTI_AGENCY_CONCERN is raised by CareRelay's concern rules only")));
        }
        List<Covering> covering = routing.covering(submitter.agencyId(), type);
        if (covering.stream().noneMatch(Covering::active)) {
            throw noAgreement(type, submitter, covering);
        }
        ClientMatcher.Match match = clients.match(submitter.agencyId(), submission.client(), submission.chosenClientId());
        List<Route> routes = routing.routes(covering, type, match.clientId());
        Instant now = clock.instant();

        SharedEvent event = new SharedEvent();
        event.eventTypeId = type.id;
        event.typeCode = type.code;
        event.sourceAgencyId = submitter.agencyId();
        event.clientId = match.clientId();
        event.occurredAt = submission.occurredAt();
        event.receivedAt = now;
        event.urgency = submission.urgency() == null ? type.urgency : submission.urgency();
        event.data = new LinkedHashMap<>(submission.data());
        event.submittedBy = submitter.username();
        event.persist();

        Instant due = submission.occurredAt().plus(Duration.ofHours(type.windowHours));
        CareRelationships.LinkedBy linkedBy = CareRelationships.LinkedBy.of(match.outcome());
        List<Delivery> created = deliver(event, routes, due, submitter, now, linkedBy);
        markers.apply(match.clientId(), event.id, now, type.setsMarkers, type.clearsMarkers);
        relationships.ensure(match.clientId(), List.of(submitter.agencyId()), CareRelationships.Basis.SENT, now, linkedBy);
        em.flush();
        audit.recordInTransaction(org.carerelay.audit.AuditRecord.write("event", event.id, match.clientId(), Purpose.CARE_DELIVERY,
                type.code + " v" + type.version + " shared with " + created.size() + " recipient(s)"
                        + (match.outcome().awaitsIdentityCheck() ? "; client provisional, awaiting an identity check ("
                                + match.outcome().name().toLowerCase().replace('_', ' ') + ")" : "")
                        + (match.outcome() == ClientMatcher.Outcome.LINKED_BY_STRONG_IDENTIFIER ? "; client linked by a strong identifier" : "")));
        concerns.onEvent(event, created); // multi-agency concern rules: same transaction (issue #16)
        return new Result(event.id, match.clientId(), match.outcome(), created.stream()
                .map(d -> new Receipt(d.id, slug(d.recipientAgencyId), d.dueAt, d.state, d.minimumNotice)).toList());
    }

    /**
     * One delivery per route of a stored event (owner: the team queue; due: {@code due}), its first transition, the
     * recipients' care relationships, the webhook outbox rows and the after-commit announcements: the one path every
     * delivery is created by (events, and the multi-agency concerns raised by the network).
     */
    public List<Delivery> deliver(SharedEvent event, List<Route> routes, Instant due, Submitter submitter, Instant now,
            CareRelationships.LinkedBy linkedBy) {
        List<Delivery> created = new ArrayList<>();
        for (Route route : routes) {
            Delivery d = new Delivery();
            d.eventId = event.id;
            d.recipientAgencyId = route.recipientAgencyId();
            d.agreementId = route.agreementId();
            d.clientId = event.clientId;
            d.sharedFields = route.sharedFields().toArray(String[]::new);
            d.minimumNotice = route.minimumNotice();
            d.urgency = event.urgency;
            d.state = DeliveryState.NEW.code;
            d.createdAt = now;
            d.dueAt = due;
            d.persist();
            created.add(d);
        }
        em.flush();
        for (Delivery d : created) {
            DeliveryTransition t = new DeliveryTransition();
            t.deliveryId = d.id;
            t.toState = DeliveryState.NEW.code;
            t.action = "deliver";
            t.actor = submitter.username();
            t.actorAgencyId = submitter.agencyId();
            t.at = now;
            t.persist();
        }
        relationships.ensure(event.clientId, routes.stream().map(Route::recipientAgencyId).toList(),
                CareRelationships.Basis.RECEIVED, now, linkedBy);
        em.flush();
        outbox.deliveriesCreated(created.stream().map(d -> d.id).toList()); // webhooks: same transaction (issue #15)
        created.forEach(d -> fanOut.announce(new Announcement(Announcement.DELIVERY_CREATED, d.id, d.recipientAgencyId,
                submitter.agencyId(), event.clientId, submitter.username())));
        return created;
    }

    private String slug(long agencyId) {
        return agencies.find(agencyId).map(AgencyDirectory.AgencyRef::slug).orElse(String.valueOf(agencyId));
    }

    private ProblemException noAgreement(EventType type, Submitter submitter, List<Covering> covering) {
        String source = agencies.find(submitter.agencyId()).map(AgencyDirectory.AgencyRef::name).orElse("your agency");
        String detail = covering.isEmpty()
                ? "No sharing agreement lets " + source + " send " + type.code + " to any agency, so it was not shared and nothing was stored."
                : "Every sharing agreement that lets " + source + " send " + type.code + " is suspended ("
                        + String.join(", ", covering.stream().map(Covering::agreementCode).toList())
                        + "), so it was not shared and nothing was stored.";
        return new ProblemException(422, "no-sharing-agreement", "No sharing agreement covers this event", detail,
                List.of(new ProblemException.FieldError("type", detail)));
    }

    /** The fields a recipient may see of an event, in catalogue order. */
    public static Map<String, Object> visibleData(SharedEvent event, String[] sharedFields) {
        Map<String, Object> visible = new LinkedHashMap<>();
        for (String field : sharedFields) {
            if (event.data.containsKey(field)) {
                visible.put(field, event.data.get(field));
            }
        }
        return visible;
    }
}
