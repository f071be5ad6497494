package org.carerelay.handover;

import org.carerelay.clock.NetworkTimeZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.deliveries.DeliveryService;
import org.carerelay.web.ProblemException;

/**
 * What a recipient does on the handover page: acknowledge the agency's delivery, complete an
 * action item of the agency, record first contact. Each checks access first, stores nothing on
 * bad input (400 with a plain message) and writes one audit entry.
 */
@ApplicationScoped
public class HandoverActions {

    static final Set<String> OUTCOMES = Set.of("done", "not_needed", "could_not_complete");
    static final Set<String> METHODS = Set.of("phone", "home_visit", "video", "clinic");
    static final int MAX_NOTE = 2000;

    @Inject
    HandoverReading reading;

    @Inject
    DeliveryService deliveries;

    @Inject
    CurrentUser user;

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    NetworkTimeZone network;

    public String acknowledge(long handoverId) {
        HandoverReading.Allowed a = reading.require(handoverId);
        if (a.delivery() == null) {
            throw bad("Only a recipient agency acknowledges a handover.");
        }
        if (!"new".equals(a.delivery().state)) {
            throw new ProblemException(409, "already-acknowledged", "Already acknowledged", "This handover was already acknowledged.");
        }
        deliveries.acknowledge(a.delivery().id, new DeliveryService.Actor(user.getUsername(), a.agencyId(), user.isTeamLead()), null);
        return "Handover acknowledged.";
    }

    @Transactional
    public String completeItem(long handoverId, long itemId, String outcome, String note) {
        HandoverReading.Allowed a = reading.require(handoverId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, responsible_agency_id, state, description FROM handover_action_item
                WHERE id = :i AND handover_id = :h FOR UPDATE""").setParameter("i", itemId).setParameter("h", handoverId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("There is no action item " + itemId + " on this handover.");
        }
        Object[] item = rows.get(0);
        if (((Number) item[1]).longValue() != a.agencyId()) {
            throw new ProblemException(403, "not-responsible", "Not your agency's item",
                    "Only the responsible agency completes this action item.");
        }
        if (!"open".equals(item[2])) {
            throw new ProblemException(409, "already-completed", "Already completed", "This action item was already completed.");
        }
        if (outcome == null || !OUTCOMES.contains(outcome)) {
            throw bad("Choose an outcome: done, not needed, or could not complete.");
        }
        String text = note(note);
        if ("could_not_complete".equals(outcome) && text == null) {
            throw bad("Say why the action could not be completed.");
        }
        Instant now = clock.instant();
        em.createNativeQuery("""
                UPDATE handover_action_item SET state = 'completed', outcome = :o, note = :n, completed_by = :u, completed_at = :now
                WHERE id = :i""").setParameter("o", outcome).setParameter("n", text).setParameter("u", user.getUsername())
                .setParameter("now", now).setParameter("i", itemId).executeUpdate();
        audit.recordInTransaction(AuditRecord.write("handover-action-item", itemId, a.handover().clientId, Purpose.CARE_DELIVERY,
                "completed: " + outcome.replace('_', ' ') + " (handover " + handoverId + ")"));
        return "Action completed: " + item[3] + ".";
    }

    @Transactional
    public String firstContact(long handoverId, String method, String when, String note) {
        HandoverReading.Allowed a = reading.require(handoverId);
        if (a.delivery() == null) {
            throw bad("Only a recipient agency records first contact.");
        }
        if (method == null || !METHODS.contains(method)) {
            throw bad("Choose how the contact was made: phone, home visit, video or clinic.");
        }
        Instant now = clock.instant();
        Instant at = now;
        if (when != null && !when.isBlank()) {
            try {
                at = LocalDateTime.parse(when.trim()).atZone(network.timeZone()).toInstant();
            } catch (DateTimeParseException e) {
                throw bad("The time of contact is not a date and time (e.g. 2026-11-25T09:30).");
            }
            if (at.isAfter(now.plusSeconds(60))) {
                throw bad("The time of contact cannot be in the future.");
            }
        }
        String text = note(note);
        em.createNativeQuery("""
                INSERT INTO handover_first_contact (handover_id, agency_id, contacted_at, recorded_by, method, note)
                VALUES (:h, :a, :at, :u, :m, :n)""").setParameter("h", handoverId).setParameter("a", a.agencyId())
                .setParameter("at", at).setParameter("u", user.getUsername()).setParameter("m", method).setParameter("n", text)
                .executeUpdate();
        audit.recordInTransaction(AuditRecord.write("handover-first-contact", handoverId, a.handover().clientId,
                Purpose.CARE_DELIVERY, "first contact by " + method.replace('_', ' ')));
        return "First contact recorded (" + method.replace('_', ' ') + ").";
    }

    private static String note(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        if (note.length() > MAX_NOTE) {
            throw bad("The note is too long: at most " + MAX_NOTE + " characters.");
        }
        return note.trim();
    }

    private static ProblemException bad(String message) {
        return new ProblemException(400, "invalid", "Not done", message);
    }
}
