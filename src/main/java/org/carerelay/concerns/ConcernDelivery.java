package org.carerelay.concerns;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.clients.CareRelationships;
import org.carerelay.deliveries.Delivery;
import org.carerelay.events.EventIngest;
import org.carerelay.events.SharedEvent;
import org.carerelay.sharing.Routing;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Shares a live concern through the exchange: one MULTI_AGENCY_CONCERN event from the agency that raises concerns for the
 * network ({@code carerelay.concerns.raised-by}), delivered through {@link EventIngest#deliver} (worklists, feed, FHIR,
 * webhooks, live updates) to every agency involved in its signals and every agency the rule names, wherever a sharing
 * agreement of that agency covers MULTI_AGENCY_CONCERN. The event holds the rule, never a signal's content.
 */
@ApplicationScoped
public class ConcernDelivery {

    private static final Logger LOG = Logger.getLogger(ConcernDelivery.class);
    static final String RAISED_BY_USER = "carerelay-concern-rules";

    @ConfigProperty(name = "carerelay.concerns.raised-by", defaultValue = "county-commissioning")
    String raisedBy;

    @Inject
    ConcernStore store;

    @Inject
    Catalogue catalogue;

    @Inject
    Routing routing;

    @Inject
    EventIngest ingest;

    @Inject
    AgencyDirectory agencies;

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    @Inject
    java.time.Clock clock;

    /** A new live concern: its event, and one delivery per agency involved. */
    void share(long concernId, long clientId, RuleStore.Version v, Instant now) {
        Optional<AgencyDirectory.AgencyRef> source = agencies.find(raisedBy);
        EventType type = catalogue.current(RuleChecks.CONCERN_TYPE).orElseThrow();
        if (source.isEmpty()) {
            LOG.warnf("Concern %d raised but not shared: carerelay.concerns.raised-by names no agency (%s)", concernId, raisedBy);
            return;
        }
        SharedEvent event = new SharedEvent();
        event.eventTypeId = type.id;
        event.typeCode = type.code;
        event.sourceAgencyId = source.get().id();
        event.clientId = clientId;
        event.occurredAt = now;
        event.receivedAt = now;
        event.urgency = v.rule().urgency();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("concernId", concernId);
        data.put("rule", v.code());
        data.put("ruleTitle", v.rule().title());
        data.put("ruleVersion", v.version());
        data.put("whatToDo", v.rule().action());
        event.data = data;
        event.submittedBy = RAISED_BY_USER;
        event.persist();
        em.flush();
        store.setEvent(concernId, event.id);
        List<Delivery> created = deliver(event, type, v, Set.of(), now);
        audit.recordInTransaction(AuditRecord.write("concern", concernId, clientId, Purpose.CARE_DELIVERY, "concern raised by rule "
                + v.code() + " v" + v.version() + "; shared with " + created.size() + " agency(ies)"));
    }

    /** A further signal joined an open live concern: any agency it newly involves receives the concern too. */
    void reachNewlyInvolved(ConcernStore.Concern concern, RuleStore.Version v) {
        if (concern.eventId() == null) {
            return;
        }
        SharedEvent event = SharedEvent.findById(concern.eventId());
        EventType type = catalogue.version(event.eventTypeId);
        List<Delivery> created = deliver(event, type, v, new HashSet<>(store.recipients(event.id)), clock.instant());
        if (!created.isEmpty()) {
            audit.recordInTransaction(AuditRecord.write("concern", concern.id(), concern.clientId(), Purpose.CARE_DELIVERY,
                    "further signal; concern shared with " + created.size() + " more agency(ies)"));
        }
    }

    private List<Delivery> deliver(SharedEvent event, EventType type, RuleStore.Version v, Set<Long> already, Instant now) {
        Set<Long> wanted = new HashSet<>(store.involvedAgencies(concernIdOf(event)));
        v.rule().recipients().forEach(slug -> agencies.find(slug).ifPresent(a -> wanted.add(a.id())));
        wanted.removeAll(already);
        List<Routing.Route> routes = routing.routes(routing.covering(event.sourceAgencyId, type), type, event.clientId).stream()
                .filter(r -> wanted.remove(r.recipientAgencyId())).toList();
        if (!wanted.isEmpty()) {
            LOG.warnf("Concern event %d: no active sharing agreement of %s covers %s for agencies %s", event.id, raisedBy, type.code, wanted);
        }
        if (routes.isEmpty()) {
            return List.of();
        }
        return ingest.deliver(event, routes, now.plus(Duration.ofHours(v.rule().actionWindowHours())),
                new EventIngest.Submitter(RAISED_BY_USER, event.sourceAgencyId), now, CareRelationships.LinkedBy.IDENTIFIER);
    }

    private static long concernIdOf(SharedEvent event) {
        return ((Number) event.data.get("concernId")).longValue();
    }
}
