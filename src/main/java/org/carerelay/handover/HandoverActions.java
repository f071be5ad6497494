package org.carerelay.handover;

import org.carerelay.clock.NetworkTimeZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.deliveries.DeliveryService;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.web.ProblemException;

/**
 * What a recipient does on the handover page: acknowledge the agency's delivery, complete an
 * action item of the agency, record first contact. Each checks access first, stores nothing on
 * bad input (400 with a plain message) and writes one audit entry.
 */
@ApplicationScoped
public class HandoverActions {

    static final Set<String> METHODS = Set.of("phone", "home_visit", "video", "clinic");
    static final int MAX_NOTE = 2000;

    @Inject
    AccessPolicy access;

    @Inject
    DeliveryService deliveries;

    @Inject
    CurrentUser user;

    @Inject
    HandoverStore store;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    NetworkTimeZone network;

    public String acknowledge(long handoverId) {
        AccessPolicy.HandoverAccess a = access.requireHandover(handoverId, HandoverReading.RESOURCE);
        if (a.delivery() == null) {
            throw bad("Only a recipient agency acknowledges a handover.");
        }
        if (DeliveryState.of(a.delivery().state).orElse(null) != DeliveryState.NEW) {
            throw new ProblemException(409, "already-acknowledged", "Already acknowledged", "This handover was already acknowledged.");
        }
        deliveries.acknowledge(a.delivery().id, new DeliveryService.Actor(user.getUsername(), a.agencyId(), user.isTeamLead()), null);
        return "Handover acknowledged.";
    }

    @Transactional
    public String completeItem(long handoverId, long itemId, String outcome, String note) {
        AccessPolicy.HandoverAccess a = access.requireHandover(handoverId, HandoverReading.RESOURCE);
        HandoverStore.LockedItem item = store.lockItem(handoverId, itemId)
                .orElseThrow(() -> ProblemException.notFound("There is no action item " + itemId + " on this handover."));
        if (item.responsibleAgencyId() != a.agencyId()) {
            throw new ProblemException(403, "not-responsible", "Not your agency's item",
                    "Only the responsible agency completes this action item.");
        }
        if (item.state() != ActionItemState.OPEN) {
            throw new ProblemException(409, "already-completed", "Already completed", "This action item was already completed.");
        }
        ActionItemOutcome how = ActionItemOutcome.of(outcome)
                .orElseThrow(() -> bad("Choose an outcome: done, not needed, or could not complete."));
        String text = note(note);
        if (how == ActionItemOutcome.COULD_NOT_COMPLETE && text == null) {
            throw bad("Say why the action could not be completed.");
        }
        store.completeItem(itemId, how, text, user.getUsername(), clock.instant());
        audit.recordInTransaction(AuditRecord.write("handover-action-item", itemId, a.handover().clientId, Purpose.CARE_DELIVERY,
                "completed: " + how.words + " (handover " + handoverId + ")"));
        return "Action completed: " + item.description() + ".";
    }

    @Transactional
    public String firstContact(long handoverId, String method, String when, String note) {
        AccessPolicy.HandoverAccess a = access.requireHandover(handoverId, HandoverReading.RESOURCE);
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
        store.addFirstContact(handoverId, a.agencyId(), at, user.getUsername(), method, text);
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
