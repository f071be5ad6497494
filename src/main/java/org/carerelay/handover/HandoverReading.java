package org.carerelay.handover;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.clients.Client;
import org.carerelay.deliveries.Delivery;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.events.SharedEvent;

/**
 * The read model of one handover version for the signed-in person (who may see it is
 * {@link AccessPolicy#requireHandover}'s rule): what must happen when, the context, the queries and
 * what changed since the previous version. One audit view entry names the parts shown.
 */
@ApplicationScoped
public class HandoverReading {

    /** The resource the audit trail names for a handover page (and a refusal to open one). */
    public static final String RESOURCE = "handover";

    @Inject
    HandoverStore store;

    @Inject
    HandoverQueryStore queryStore;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    Catalogue catalogue;

    @Inject
    AgencyDirectory agencies;

    @Inject
    Clock clock;

    @Transactional
    public HandoverView open(long id, boolean print) {
        AccessPolicy.HandoverAccess a = access.requireHandover(id, RESOURCE);
        Handover h = a.handover();
        Instant now = clock.instant();
        HandoverDocument d = h.document;
        VisibleParts parts = visibleParts(h, a.agencyId(), a.source(), a.delivery());
        Set<String> visible = parts.parts();
        String withheld = parts.withheldReason();
        Client client = h.clientId == null ? null : Client.findById(h.clientId);
        List<HandoverView.Item> items = items(h.id, a.agencyId());
        List<HandoverView.Query> queries = queries(h.id);
        Set<String> disputed = queries.stream().filter(q -> q.status() == QueryStatus.OPEN && q.field() != null)
                .map(HandoverView.Query::field).collect(Collectors.toSet());
        List<HandoverView.Change> changes = List.of();
        if (h.previousId != null) {
            Handover previous = Handover.findById(h.previousId);
            changes = changes(previous.document, d, visible);
        }
        Long successorId = store.successorId(h.id).orElse(null);
        List<HandoverView.Loop> loop = a.source() && h.eventId != null ? loop(h.eventId, now) : List.of();
        List<HandoverView.Contact> contacts = contacts(h.id);
        HandoverView.MyDelivery myDelivery = a.delivery() == null ? null : new HandoverView.MyDelivery(a.delivery().id,
                DeliveryState.of(a.delivery().state).map(s -> s.label).orElse(a.delivery().state),
                DeliveryState.of(a.delivery().state).orElse(null) == DeliveryState.NEW);
        List<String> shown = new ArrayList<>(visible);
        shown.add("actionItems");
        shown.add("escalationRules");
        audit.record(AuditRecord.view(print ? "handover-print" : "handover", h.id, h.clientId, List.of("health"),
                shown.stream().map(p -> "DISCHARGE_HANDOVER." + p).toList(), Purpose.CARE_DELIVERY));
        return new HandoverView(h.id, h.version, h.status, h.previousId, successorId, h.clientId,
                client == null ? "" : client.givenName + " " + client.familyName, agencyName(h.sourceAgencyId), h.createdBy,
                h.submittedAt, h.incomplete, HandoverRules.describe(List.of(h.missing)), a.source(), myDelivery, d, visible, withheld,
                items, queries, disputed, changes, loop, contacts, now);
    }

    /** The parts of a handover an agency may see, and why others are withheld (null when none is). */
    public record VisibleParts(Set<String> parts, String withheldReason) {
    }

    /**
     * The source sees every part; a recipient the parts its delivery's fields allow (the access policy's
     * field rule for the handover's event). Action items and escalation rules are always shown.
     */
    public VisibleParts visibleParts(Handover h, long agencyId, boolean source, Delivery delivery) {
        List<HandoverPart> parts = new ArrayList<>(HandoverPart.eventParts());
        String withheld = null;
        if (!source && h.eventId != null) {
            SharedEvent event = SharedEvent.findById(h.eventId);
            EventType type = catalogue.version(event.eventTypeId);
            AccessPolicy.EventFields fields = access.eventFields(agencyId, false, event, type, delivery);
            parts.removeIf(part -> event.data.containsKey(part.eventField) && !fields.fields().contains(part.eventField));
            withheld = fields.withheldReason();
        }
        Set<String> visible = new LinkedHashSet<>();
        parts.forEach(part -> visible.add(part.code));
        return new VisibleParts(visible, withheld);
    }

    private List<HandoverView.Item> items(long handoverId, long agencyId) {
        return store.items(handoverId).stream().map(r -> new HandoverView.Item(r.id(), r.position(), r.description(), r.windowHours(),
                r.dueAt(), agencyName(r.responsibleAgencyId()), r.responsibleAgencyId() == agencyId, r.state(), r.outcome(), r.note(),
                r.completedBy(), r.completedAt(), r.escalatedAt())).toList();
    }

    private List<HandoverView.Query> queries(long handoverId) {
        return queryStore.onVersion(handoverId).stream().map(r -> new HandoverView.Query(r.id(), r.field(), r.kind(), r.text(),
                r.automatic() ? "CareRelay (automatic)" : r.raisedBy() + ", " + agencyName(r.raisedByAgencyId()), r.raisedAt(),
                r.status(), r.answer())).toList();
    }

    private List<HandoverView.Loop> loop(long eventId, Instant now) {
        return Delivery.<Delivery>list("eventId = ?1 order by id", eventId).stream().map(d -> new HandoverView.Loop(d.id,
                agencyName(d.recipientAgencyId), DeliveryState.of(d.state).map(s -> s.label).orElse(d.state), d.ownerUsername, d.dueAt,
                d.isOverdue(now), d.escalatedAt, d.outcome)).toList();
    }

    private List<HandoverView.Contact> contacts(long handoverId) {
        return store.contacts(handoverId).stream().map(r -> new HandoverView.Contact(r.contactedAt(), r.method().replace('_', ' '),
                r.recordedBy(), agencyName(r.agencyId()), r.note())).toList();
    }

    /** The parts that differ between two versions, old → new, in reading order. */
    static List<HandoverView.Change> changes(HandoverDocument before, HandoverDocument after, Set<String> visible) {
        List<HandoverView.Change> changes = new ArrayList<>();
        for (HandoverPart part : HandoverPart.values()) {
            if (part.eventField != null && !visible.contains(part.code)) {
                continue;
            }
            String old = blankToNull(summary(part, before));
            String now = blankToNull(summary(part, after));
            if (!Objects.equals(old, now)) {
                changes.add(new HandoverView.Change(part.code, part.heading(), old == null ? "(not given)" : old,
                        now == null ? "(not given)" : now));
            }
        }
        return changes;
    }

    /** One part of a version in a line, to compare with another version. */
    private static String summary(HandoverPart part, HandoverDocument x) {
        return switch (part) {
            case DISCHARGE_DATE -> x.dischargeDate();
            case DISCHARGE_RECOMMENDATION -> words(x.dischargeRecommendation());
            case URGENCY -> words(x.urgency());
            case TRIAGE_NOTES -> x.triageNotes();
            case UNRESOLVED_CONCERNS -> x.unresolvedConcerns();
            case MEDICATION_RISK_FLAGS -> x.flags().stream().map(HandoverDocument.MedicationFlag::summary).collect(Collectors.joining("; "));
            case MOBILITY_CONCERNS -> x.mobilityConcerns();
            case FOLLOW_UP_NEEDS -> String.join("; ", x.needs());
            case SYMPTOM_REPORTING -> x.symptomReporting();
            case ESCALATION_RULES -> x.rules().stream().map(r -> "If " + r.when() + " then " + r.then()).collect(Collectors.joining("; "));
            case ACTION_ITEMS -> x.items().stream().map(i -> i.description() + " (" + i.windowHours() + " h, " + i.responsibleAgency() + ")")
                    .collect(Collectors.joining("; "));
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String words(String code) {
        return code == null ? null : code.replace('_', ' ');
    }

    String agencyName(long id) {
        return agencies.find(id).map(AgencyDirectory.AgencyRef::name).orElse("Agency " + id);
    }
}
