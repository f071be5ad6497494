package org.carerelay.handover;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.CurrentUser;
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
import org.carerelay.sql.SqlValues;
import org.carerelay.web.ProblemException;

/**
 * The read model of one handover version for the signed-in person: who may see it (the source, or
 * a recipient with a delivery of its event), what must happen when, the context, the queries and
 * what changed since the previous version. One audit view entry names the parts shown.
 */
@ApplicationScoped
public class HandoverReading {

    /** Part name on screen → the catalogue field of the DISCHARGE_HANDOVER event that carries it. */
    static final Map<String, String> PART_FIELDS = new LinkedHashMap<>();

    static {
        PART_FIELDS.put("dischargeDate", "dischargeDate");
        PART_FIELDS.put("dischargeRecommendation", "dischargeRecommendation");
        PART_FIELDS.put("triageNotes", "triageNotes");
        PART_FIELDS.put("unresolvedConcerns", "unresolvedConcerns");
        PART_FIELDS.put("medicationRiskFlags", "medicationRiskFlags");
        PART_FIELDS.put("mobilityConcerns", "mobilityConcerns");
        PART_FIELDS.put("followUpNeeds", "followUpNeeds");
        PART_FIELDS.put("symptomReporting", "symptomReportingExpectations");
    }

    static final Map<String, String> LABELS = Map.of("dischargeDate", "Discharge date", "dischargeRecommendation",
            "Discharge recommendation", "urgency", "Urgency", "triageNotes", "Triage notes", "unresolvedConcerns", "Unresolved concerns",
            "medicationRiskFlags", "Medication risk flags", "mobilityConcerns", "Mobility and functional concerns", "followUpNeeds",
            "Follow-up needs", "symptomReporting", "Remote symptom reporting", "escalationRules", "Escalation rules");

    @Inject
    EntityManager em;

    @Inject
    CurrentUser user;

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

    /**
     * The handover the viewer may see: the source's own, or one its agency received. Anything else,
     * an unknown id, another agency's draft, a handover not shared with the viewer's agency, gets the
     * same 404 and one denied audit entry naming the handover (existence is not revealed).
     */
    public Allowed require(long id) {
        Handover h = Handover.findById(id);
        long agencyId = user.requireAgencyId();
        boolean source = h != null && h.sourceAgencyId == agencyId;
        Delivery mine = h == null || h.eventId == null ? null
                : Delivery.<Delivery>find("eventId = ?1 and recipientAgencyId = ?2", h.eventId, agencyId).firstResult();
        if (h == null || (!source && mine == null)) { // a draft has no event, so no delivery: only its source sees it
            throw access.refuseGuess("handover", id, h == null ? null : h.clientId,
                    h == null ? "no such handover" : "handover not shared with your agency", "There is no handover " + id + ".");
        }
        return new Allowed(h, agencyId, source, mine);
    }

    public record Allowed(Handover handover, long agencyId, boolean source, Delivery delivery) {
    }

    @Transactional
    public HandoverView open(long id, boolean print) {
        Allowed a = require(id);
        Handover h = a.handover();
        Instant now = clock.instant();
        HandoverDocument d = h.document;
        VisibleParts parts = visibleParts(h, a.agencyId(), a.source(), a.delivery());
        Set<String> visible = parts.parts();
        String withheld = parts.withheldReason();
        Client client = h.clientId == null ? null : Client.findById(h.clientId);
        List<HandoverView.Item> items = items(h.id, a.agencyId());
        List<HandoverView.Query> queries = queries(h.id);
        Set<String> disputed = queries.stream().filter(q -> "open".equals(q.status()) && q.field() != null)
                .map(HandoverView.Query::field).collect(Collectors.toSet());
        List<HandoverView.Change> changes = List.of();
        if (h.previousId != null) {
            Handover previous = Handover.findById(h.previousId);
            changes = changes(previous.document, d, visible);
        }
        Long successorId = em.createQuery("select h.id from Handover h where h.previousId = :id", Long.class)
                .setParameter("id", h.id).getResultStream().findFirst().orElse(null);
        List<HandoverView.Loop> loop = a.source() && h.eventId != null ? loop(h.eventId, now) : List.of();
        List<HandoverView.Contact> contacts = contacts(h.id);
        HandoverView.MyDelivery myDelivery = a.delivery() == null ? null : new HandoverView.MyDelivery(a.delivery().id,
                DeliveryState.of(a.delivery().state).map(s -> s.label).orElse(a.delivery().state), "new".equals(a.delivery().state));
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
        Set<String> visible = new LinkedHashSet<>(PART_FIELDS.keySet());
        String withheld = null;
        if (!source && h.eventId != null) {
            SharedEvent event = SharedEvent.findById(h.eventId);
            EventType type = catalogue.version(event.eventTypeId);
            AccessPolicy.EventFields fields = access.eventFields(agencyId, false, event, type, delivery);
            visible.removeIf(part -> event.data.containsKey(PART_FIELDS.get(part)) && !fields.fields().contains(PART_FIELDS.get(part)));
            withheld = fields.withheldReason();
        }
        return new VisibleParts(visible, withheld);
    }

    private List<HandoverView.Item> items(long handoverId, long agencyId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT i.id, i.position, i.description, i.window_hours, i.due_at, i.responsible_agency_id, i.state, i.outcome,
                       i.note, i.completed_by, i.completed_at, i.escalated_at
                FROM handover_action_item i WHERE i.handover_id = :h ORDER BY i.due_at, i.position""")
                .setParameter("h", handoverId).getResultList();
        return rows.stream().map(r -> new HandoverView.Item(SqlValues.id(r[0]), ((Number) r[1]).intValue(), (String) r[2],
                ((Number) r[3]).intValue(), SqlValues.instant(r[4]), agencyName(SqlValues.id(r[5])), SqlValues.id(r[5]) == agencyId,
                (String) r[6], (String) r[7], (String) r[8], (String) r[9], SqlValues.instant(r[10]), SqlValues.instant(r[11]))).toList();
    }

    private List<HandoverView.Query> queries(long handoverId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT q.id, q.field, q.kind, q.text, q.raised_by, q.raised_by_agency_id, q.raised_at, q.automatic, q.status, q.answer
                FROM handover_query q WHERE q.handover_id = :h ORDER BY q.raised_at, q.id""")
                .setParameter("h", handoverId).getResultList();
        return rows.stream().map(r -> new HandoverView.Query(SqlValues.id(r[0]), (String) r[1], (String) r[2], (String) r[3],
                Boolean.TRUE.equals(r[7]) ? "CareRelay (automatic)" : r[4] + ", " + agencyName(SqlValues.id(r[5])),
                SqlValues.instant(r[6]), (String) r[8], (String) r[9])).toList();
    }

    private List<HandoverView.Loop> loop(long eventId, Instant now) {
        return Delivery.<Delivery>list("eventId = ?1 order by id", eventId).stream().map(d -> new HandoverView.Loop(d.id,
                agencyName(d.recipientAgencyId), DeliveryState.of(d.state).map(s -> s.label).orElse(d.state), d.ownerUsername, d.dueAt,
                d.isOverdue(now), d.escalatedAt, d.outcome)).toList();
    }

    private List<HandoverView.Contact> contacts(long handoverId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT f.contacted_at, f.method, f.recorded_by, f.agency_id, f.note FROM handover_first_contact f
                WHERE f.handover_id = :h ORDER BY f.contacted_at""").setParameter("h", handoverId).getResultList();
        return rows.stream().map(r -> new HandoverView.Contact(SqlValues.instant(r[0]), ((String) r[1]).replace('_', ' '),
                (String) r[2], agencyName(SqlValues.id(r[3])), (String) r[4])).toList();
    }

    /** The parts that differ between two versions, old → new, in reading order. */
    static List<HandoverView.Change> changes(HandoverDocument before, HandoverDocument after, Set<String> visible) {
        Map<String, Function<HandoverDocument, String>> parts = new LinkedHashMap<>();
        parts.put("dischargeDate", HandoverDocument::dischargeDate);
        parts.put("dischargeRecommendation", x -> words(x.dischargeRecommendation()));
        parts.put("urgency", x -> words(x.urgency()));
        parts.put("triageNotes", HandoverDocument::triageNotes);
        parts.put("unresolvedConcerns", HandoverDocument::unresolvedConcerns);
        parts.put("medicationRiskFlags", x -> x.flags().stream().map(HandoverDocument.MedicationFlag::summary).collect(Collectors.joining("; ")));
        parts.put("mobilityConcerns", HandoverDocument::mobilityConcerns);
        parts.put("followUpNeeds", x -> String.join("; ", x.needs()));
        parts.put("symptomReporting", HandoverDocument::symptomReporting);
        parts.put("escalationRules", x -> x.rules().stream().map(r -> "If " + r.when() + " then " + r.then()).collect(Collectors.joining("; ")));
        parts.put("actionItems", x -> x.items().stream().map(i -> i.description() + " (" + i.windowHours() + " h, " + i.responsibleAgency() + ")")
                .collect(Collectors.joining("; ")));
        List<HandoverView.Change> changes = new ArrayList<>();
        parts.forEach((part, value) -> {
            if (PART_FIELDS.containsKey(part) && !visible.contains(part)) {
                return;
            }
            String old = blankToNull(value.apply(before));
            String now = blankToNull(value.apply(after));
            if (!Objects.equals(old, now)) {
                changes.add(new HandoverView.Change(part, LABELS.getOrDefault(part, "Action items"), old == null ? "(not given)" : old,
                        now == null ? "(not given)" : now));
            }
        });
        return changes;
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
