package org.carerelay.deliveries;

import org.carerelay.access.Purpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.events.SharedEvent;
import org.carerelay.fanout.Announcement;
import org.carerelay.fanout.FanOut;
import org.carerelay.web.ProblemException;

/**
 * Moves deliveries through their loop. Each change checks that the caller's agency is the
 * recipient (through {@code AccessPolicy}: 404 and an audited refusal otherwise), locks the delivery
 * row, checks that the transition is legal and (when the caller says which version it saw) that
 * nobody changed it first; then records the transition with its actor and announces it after commit. Two concurrent changes never lose an update: the second waits for
 * the first and is then judged against the new state.
 */
@ApplicationScoped
public class DeliveryService {

    /** Who acts: the agency always comes from the token. */
    public record Actor(String username, long agencyId, boolean teamLead) {
    }

    @Inject
    Clock clock;

    @Inject
    DeliveryStore store;

    @Inject
    FanOut fanOut;

    @Inject
    AgencyDirectory agencies;

    @Inject
    org.carerelay.audit.AuditLog audit;

    @Inject
    org.carerelay.access.AccessPolicy access;

    @Inject
    org.carerelay.push.Outbox outbox;

    @Transactional
    public Delivery acknowledge(long id, Actor actor, Integer seenVersion) {
        Delivery d = lockForRecipient(id, actor, seenVersion);
        require(d, EnumSet.of(DeliveryState.NEW), "acknowledge");
        Instant now = clock.instant();
        d.acknowledgedAt = now;
        return move(d, DeliveryState.ACKNOWLEDGED, "acknowledge", actor, now, null, null);
    }

    @Transactional
    public Delivery start(long id, Actor actor, Integer seenVersion) {
        Delivery d = lockForRecipient(id, actor, seenVersion);
        require(d, EnumSet.of(DeliveryState.ACKNOWLEDGED), "start");
        Instant now = clock.instant();
        d.startedAt = now;
        if (d.ownerUsername == null) {
            d.ownerUsername = actor.username();
        }
        return move(d, DeliveryState.IN_PROGRESS, "start", actor, now, null, null);
    }

    @Transactional
    public Delivery complete(long id, Actor actor, Outcome outcome, String reason, Integer seenVersion) {
        String trimmed = reason == null ? null : reason.trim();
        if (outcome.needsReason && (trimmed == null || trimmed.isEmpty())) {
            throw ProblemException.invalid("A reason is required when the outcome is " + outcome.label.toLowerCase() + ".",
                    java.util.List.of(new ProblemException.FieldError("reason", "required for outcome " + outcome.code)));
        }
        String textProblem = trimmed == null ? null : org.carerelay.events.EventValidator.textProblem(trimmed);
        if (textProblem != null) {
            throw ProblemException.invalid("The reason cannot be kept as sent.",
                    java.util.List.of(new ProblemException.FieldError("reason", textProblem)));
        }
        if (trimmed != null && trimmed.length() > 2000) {
            throw ProblemException.invalid("The reason is too long.",
                    java.util.List.of(new ProblemException.FieldError("reason", "at most 2000 characters")));
        }
        Delivery d = lockForRecipient(id, actor, seenVersion);
        require(d, EnumSet.of(DeliveryState.ACKNOWLEDGED, DeliveryState.IN_PROGRESS), "complete");
        Instant now = clock.instant();
        d.completedAt = now;
        d.outcome = outcome.code;
        d.outcomeReason = trimmed == null || trimmed.isEmpty() ? null : trimmed;
        return move(d, DeliveryState.COMPLETED, "complete", actor, now, outcome.code, d.outcomeReason);
    }

    /** The actor takes ownership from the team queue (or from a colleague). */
    @Transactional
    public Delivery take(long id, Actor actor, Integer seenVersion) {
        Delivery d = lockForRecipient(id, actor, seenVersion);
        require(d, EnumSet.of(DeliveryState.NEW, DeliveryState.ACKNOWLEDGED, DeliveryState.IN_PROGRESS), "take");
        d.ownerUsername = actor.username();
        return move(d, d.deliveryState(), "take", actor, clock.instant(), null, null);
    }

    /** A team lead gives the delivery to a member of the team (or back to the queue with null). */
    @Transactional
    public Delivery assign(long id, Actor actor, String username, Integer seenVersion) {
        if (!actor.teamLead()) {
            throw new ProblemException(403, "forbidden", "Team leads only", "Only a team lead can assign deliveries to others.");
        }
        Delivery d = lockForRecipient(id, actor, seenVersion);
        require(d, EnumSet.of(DeliveryState.NEW, DeliveryState.ACKNOWLEDGED, DeliveryState.IN_PROGRESS), "assign");
        d.ownerUsername = username == null || username.isBlank() ? null : username.trim();
        return move(d, d.deliveryState(), "assign", actor, clock.instant(), null,
                d.ownerUsername == null ? "returned to the team queue" : "assigned to " + d.ownerUsername);
    }

    /** A note on the delivery for the team (who called, what was agreed). */
    @Transactional
    public Delivery addNote(long id, Actor actor, String text) {
        String note = text == null ? "" : text.trim();
        if (note.isEmpty() || note.length() > 2000 || note.indexOf('\0') >= 0) {
            throw ProblemException.invalid("The note is empty or too long.",
                    java.util.List.of(new ProblemException.FieldError("note", "Write a note of 1 to 2000 characters.")));
        }
        Delivery d = lockForRecipient(id, actor, null);
        store.addNote(d.id, actor.username(), actor.agencyId(), clock.instant(), note);
        return move(d, d.deliveryState(), "note", actor, clock.instant(), null, null);
    }

    private Delivery lockForRecipient(long id, Actor actor, Integer seenVersion) {
        access.requireOwnDelivery(id, actor.agencyId()); // another agency's or an unknown id: 404, audited, row not locked
        Delivery d = Delivery.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (seenVersion != null && seenVersion != d.version) {
            DeliveryTransition last = DeliveryTransition.find("deliveryId = ?1 order by at desc, id desc", id).firstResult();
            String who = last == null ? "someone else" : last.actor;
            throw new ProblemException(409, "changed-by-someone-else", "Changed by someone else",
                    "This delivery was changed by " + who + " since you opened it: it is now " + d.deliveryState().label.toLowerCase()
                            + (d.ownerUsername == null ? ", in the team queue" : ", owned by " + d.ownerUsername) + ".");
        }
        return d;
    }

    private static void require(Delivery d, Set<DeliveryState> allowed, String action) {
        if (!allowed.contains(d.deliveryState())) {
            DeliveryTransition last = DeliveryTransition.find("deliveryId = ?1 order by at desc, id desc", d.id).firstResult();
            String by = last == null || last.action.equals("deliver") ? "" : " " + capitalise(last.action) + " by " + last.actor + ".";
            String hint = d.deliveryState() == DeliveryState.COMPLETED ? " It is already completed."
                    : d.deliveryState() == DeliveryState.NEW && action.equals("complete") ? " Acknowledge it first."
                    : d.deliveryState() == DeliveryState.NEW && action.equals("start") ? " Acknowledge it first."
                    : "";
            throw new ProblemException(409, "invalid-transition", "Not possible in this state",
                    "Cannot " + action + " a delivery that is " + d.deliveryState().label.toLowerCase() + "." + hint + by);
        }
    }

    private static String capitalise(String action) {
        String past = switch (action) {
            case "acknowledge" -> "acknowledged";
            case "complete" -> "completed";
            case "start" -> "started";
            case "take" -> "taken";
            case "assign" -> "assigned";
            default -> action;
        };
        return Character.toUpperCase(past.charAt(0)) + past.substring(1);
    }

    private Delivery move(Delivery d, DeliveryState to, String action, Actor actor, Instant at, String outcome, String reason) {
        DeliveryTransition t = new DeliveryTransition();
        t.deliveryId = d.id;
        t.fromState = d.state;
        t.toState = to.code;
        t.action = action;
        t.actor = actor.username();
        t.actorAgencyId = actor.agencyId();
        t.at = at;
        t.outcome = outcome;
        t.reason = reason;
        t.persist();
        d.state = to.code;
        Delivery.getEntityManager().flush();
        outbox.deliveryChanged(d.id, t.fromState, t.toState); // webhooks: same transaction (issue #15)
        audit.recordInTransaction(org.carerelay.audit.AuditRecord.write("delivery", d.id, d.clientId, Purpose.CARE_DELIVERY,
                action + (outcome == null ? "" : " (" + outcome + ")")));
        SharedEvent event = SharedEvent.findById(d.eventId);
        fanOut.announce(new Announcement(Announcement.DELIVERY_CHANGED, d.id, d.recipientAgencyId, event.sourceAgencyId, d.clientId,
                actor.username()));
        return d;
    }
}
