package org.carerelay.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.carerelay.handover.HandoverDocument;
import org.carerelay.handover.HandoverEventData;
import org.carerelay.handover.HandoverRules;

/**
 * Discharge handovers as HandoverService stores them: the structured document (the app's own
 * record type, so the JSON has the app's shape), the event data derived from it by the app's own code, action items
 * with their own windows, the automatic query of an incomplete handover, recipients' queries and
 * first contacts, all consistent with how the recipient worked the delivery.
 */
final class Handovers {

    record Doc(HandoverDocument document, Map<String, Object> eventData, List<String> missing) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TRIAGE = List.of("Admitted with a fall at home; no fracture. Lives alone.",
            "Community-acquired pneumonia, treated; still tires on exertion.", "Heart failure exacerbation; diuretics adjusted.",
            "COPD exacerbation; home oxygen reviewed.", "Urinary infection with delirium, now resolved.", "Hip replacement, day 4.");
    private static final List<String> MOBILITY = List.of("Uses a frame; stairs to the bathroom.", "Independent indoors, needs help outdoors.",
            "Needs one person to transfer; hoist not required.", "Walks with a stick; at risk of falls at night.");

    private final CopyTable handover = new CopyTable("handover", "id, source_agency_id, status, version, client_id, event_id, document,"
            + " incomplete, missing, created_by, created_at, updated_at, submitted_at");
    private final CopyTable items = new CopyTable("handover_action_item", "id, handover_id, position, description, window_hours, due_at,"
            + " responsible_agency_id, state, outcome, note, completed_by, completed_at, escalated_at");
    private final CopyTable queries = new CopyTable("handover_query", "id, handover_id, field, kind, text, raised_by, raised_by_agency_id,"
            + " raised_at, automatic, status, answer, answered_by, answered_at");
    private final CopyTable contacts = new CopyTable("handover_first_contact", "handover_id, agency_id, contacted_at, recorded_by, method, note");
    private long nextItem = 1;
    private long nextQuery = 1;

    List<CopyTable> tables() {
        return List.of(handover, items, queries, contacts);
    }

    static Doc document(Random r, Instant at, HandoverDocument.Person person, String responsibleAgency) {
        List<HandoverDocument.MedicationFlag> flags = switch (r.nextInt(4)) {
            case 0 -> List.of();
            case 1 -> List.of(new HandoverDocument.MedicationFlag("Warfarin", "INR check in 72 h", "high"));
            case 2 -> List.of(new HandoverDocument.MedicationFlag("Furosemide", "new dose: watch for dizziness", "medium"));
            default -> List.of(new HandoverDocument.MedicationFlag("Insulin", "new regimen, check glucose diary", "high"),
                    new HandoverDocument.MedicationFlag("Co-codamol", "constipation", "low"));
        };
        List<HandoverDocument.ActionItem> actions = new ArrayList<>(List.of(
                new HandoverDocument.ActionItem("First contact", 24, responsibleAgency),
                new HandoverDocument.ActionItem("Medication review", 72, responsibleAgency)));
        if (r.nextInt(3) == 0) {
            actions.add(new HandoverDocument.ActionItem("Mobility and home-safety assessment", 48, responsibleAgency));
        }
        String mobility = EventData.pick(r, MOBILITY);
        List<String> needs = List.of("First contact within 24 h", "Medication review within 72 h");
        int gap = r.nextInt(100); // about one in ten handovers leaves a required part out: it flows, flagged
        if (gap < 4) {
            mobility = null;
        } else if (gap < 7) {
            actions = new ArrayList<>();
        } else if (gap < 9) {
            needs = List.of();
        }
        HandoverDocument d = new HandoverDocument(person, LocalDate.ofInstant(at, ZoneOffset.UTC).toString(),
                EventData.pick(r, List.of("home_with_support", "home_independent", "supported_accommodation", "residential_care")),
                "urgent_review", EventData.pick(r, TRIAGE), flags, mobility, needs,
                r.nextBoolean() ? "Daughter worried about night-time confusion." : null,
                r.nextInt(100) < 70 ? "Daily weight and breathlessness score through the remote-monitoring app." : null,
                List.of(new HandoverDocument.EscalationRule("weight up more than 2 kg in 3 days", "call the heart failure nurse"),
                        new HandoverDocument.EscalationRule("new confusion or a fall", "same-day visit and call the GP")),
                actions);
        return new Doc(d, HandoverEventData.of(d), HandoverRules.missing(d));
    }

    /** Writes the handover and what the recipient did with it; returns the audit writes it implies (item and query ids). */
    void write(long id, Doc doc, long eventId, long clientId, long source, String submittedBy, Instant at, long recipient,
            Lifecycle.Result work, Random r, Instant now, Audit audit, String requestId, Staff.Person submitter) {
        String json;
        try {
            json = JSON.writeValueAsString(doc.document());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        boolean incomplete = !doc.missing().isEmpty();
        handover.row(id, source, "submitted", 1, clientId, eventId, new CopyTable.Json(json), incomplete, doc.missing(), submittedBy,
                at, at, at);
        audit.write(at, requestId, submitter, "handover", id, clientId, "submitted v1"
                + (incomplete ? ", incomplete: " + HandoverRules.describe(doc.missing()) : ""));
        if (incomplete) {
            long q = nextQuery++;
            boolean answered = r.nextInt(100) < 65;
            Instant answeredAt = at.plus(Duration.ofMinutes(30 + r.nextInt(600)));
            answered = answered && answeredAt.isBefore(now);
            queries.row(q, id, null, "missing", "This handover was shared without: " + HandoverRules.describe(doc.missing())
                    + ". Please add them with a correction.", "CareRelay", source, at, true, answered ? "answered" : "open",
                    answered ? "Discussed by phone with the community team; details in the discharge letter." : null,
                    answered ? submittedBy : null, answered ? answeredAt : null);
            if (answered) {
                audit.write(answeredAt, Audit.requestId(r), submitter, "handover-query", q, clientId, "query answered");
            }
        }
        if (work.acknowledged != null && r.nextInt(100) < 6) {
            long q = nextQuery++;
            Instant raised = work.acknowledged.plus(Duration.ofMinutes(5 + r.nextInt(120)));
            if (raised.isBefore(now)) {
                boolean answered = r.nextInt(100) < 80 && raised.plus(Duration.ofHours(3)).isBefore(now);
                queries.row(q, id, "medicationRiskFlags", "wrong", "Is the warfarin dose on the letter the new one?", work.worker.username(),
                        recipient, raised, false, answered ? "answered" : "open", answered ? "Yes: 3 mg from today." : null,
                        answered ? submittedBy : null, answered ? raised.plus(Duration.ofHours(2)) : null);
                audit.write(raised, Audit.requestId(r), work.worker, "handover-query", q, clientId, "query raised on handover " + id);
            }
        }
        List<HandoverDocument.ActionItem> actions = doc.document().items();
        for (int i = 0; i < actions.size(); i++) {
            HandoverDocument.ActionItem a = actions.get(i);
            long itemId = nextItem++;
            Instant due = at.plus(Duration.ofHours(a.windowHours()));
            Instant doneAt = null;
            String outcome = null;
            if (work.acknowledged != null) {
                Instant end = work.completed != null ? work.completed : now;
                long span = Math.max(60, Duration.between(work.acknowledged, end).toSeconds());
                Instant candidate = work.acknowledged.plusSeconds((long) (span * (0.2 + 0.8 * r.nextDouble())));
                if (work.completed != null || candidate.isBefore(now) && r.nextBoolean()) {
                    doneAt = candidate.isAfter(now) ? null : candidate;
                    int roll = r.nextInt(100);
                    outcome = roll < 90 ? "done" : roll < 97 ? "not_needed" : "could_not_complete";
                }
            }
            Instant escalated = null;
            Instant run = due.plusSeconds(5 + r.nextInt(55));
            if ((doneAt == null || doneAt.isAfter(run)) && run.isBefore(now)) {
                escalated = run;
                audit.write(run, "system", null, "handover-action-item", itemId, clientId,
                        "escalate (overdue since " + due.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
            }
            Staff.Person by = work.worker;
            items.row(itemId, id, i + 1, a.description(), a.windowHours(), due, recipient, doneAt == null ? "open" : "completed",
                    doneAt == null ? null : outcome, doneAt != null && outcome.equals("could_not_complete") ? "Person not at home on two visits." : null,
                    doneAt == null ? null : by.username(), doneAt, escalated);
            if (doneAt != null) {
                audit.write(doneAt, Audit.requestId(r), by, "handover-action-item", itemId, clientId,
                        "completed: " + outcome.replace('_', ' ') + " (handover " + id + ")");
            }
        }
        if (work.acknowledged != null && r.nextInt(100) < 85) {
            Instant contacted = work.acknowledged.plus(Duration.ofMinutes(30 + r.nextInt(20 * 60)));
            if (contacted.isBefore(now) && (work.completed == null || contacted.isBefore(work.completed))) {
                String method = EventData.pick(r, List.of("phone", "phone", "home_visit", "video", "clinic"));
                contacts.row(id, recipient, contacted, work.worker.username(), method, null);
                audit.write(contacted, Audit.requestId(r), work.worker, "handover-first-contact", id, clientId,
                        "first contact by " + method.replace('_', ' '));
            }
        }
    }
}
