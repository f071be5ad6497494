package org.carerelay.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;

/**
 * An identity steward's decisions on an identity exception, each in one transaction with its
 * audit entries (one for each client concerned, so both sides' privacy officers see it):
 * <ul>
 * <li><b>same person</b>: the provisional client's rows move to the chosen candidate (recorded, see
 * {@link IdentityLinkMoves}); the agencies involved gain a care relationship marked as confirmed by
 * the steward;</li>
 * <li><b>different people</b>: kept apart, closed with a reason;</li>
 * <li><b>undo</b> (with a reason): moves back exactly what the link moved, or reopens a "different
 * people" decision; the exception is open again.</li>
 * </ul>
 */
@ApplicationScoped
public class IdentityDecisions {

    public static final int MAX_REASON = 2000;
    static final String RESOURCE = "identity-exception";

    @Inject
    org.carerelay.concerns.ConcernEvaluation concerns;

    @Inject
    IdentityStore store;

    @Inject
    AccessPolicy access;

    @Inject
    CurrentUser user;

    @Inject
    AuditLog audit;

    @Inject
    IdentityLinkMoves moves;

    @Inject
    Clock clock;

    /** Links the provisional client to {@code candidate}: "these records are the same person". */
    @Transactional
    public String samePerson(long exceptionId, String candidate, String note) {
        access.requireIdentitySteward(RESOURCE, exceptionId);
        String text = note == null ? "" : note.trim();
        Long target = candidate != null && candidate.matches("[0-9]{1,18}") ? Long.valueOf(candidate) : null;
        List<FieldError> errors = new ArrayList<>();
        if (text.length() > MAX_REASON) {
            errors.add(new FieldError("note", "Note: at most " + MAX_REASON + " characters (you wrote " + text.length() + ")."));
        }
        IdentityStore.ExceptionRow x = lock(exceptionId);
        if (target == null || !x.candidates().contains(target)) {
            errors.add(new FieldError("candidate", "Choose which existing client this record is the same person as."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Nothing was linked.", errors);
        }
        requireOpen(x);
        // The candidate must still be a client of its own (not linked into another since), and is locked with the provisional one.
        if (store.lockUnlinked(List.of(target, x.provisionalClientId())) < 2) {
            throw ProblemException.conflict("client-linked-elsewhere", "Client " + target
                    + " has since been linked to another client by a steward, so nothing was linked. Choose again.");
        }
        Instant now = clock.instant();
        long decision = store.recordDecision(exceptionId, Decision.SAME_PERSON, target, text, user.getUsername(), now);
        Map<String, Integer> moved = moves.link(decision, x.provisionalClientId(), target, user.getUsername(), now);
        store.resolve(exceptionId, Decision.SAME_PERSON, target, text, user.getUsername(), now);
        concerns.clientsLinked(x.provisionalClientId(), target); // signals combine over the linked person (issue #16)
        String detail = "same person: provisional client " + x.provisionalClientId() + " linked to client " + target + "; moved "
                + IdentityLinkMoves.describe(moved) + (text.isEmpty() ? "" : "; note: " + text);
        audited(exceptionId, detail, target, x.provisionalClientId());
        return IdentityLinkMoves.describe(moved);
    }

    /** "These records are different people": kept apart, closed with a reason. */
    @Transactional
    public void differentPeople(long exceptionId, String reason) {
        access.requireIdentitySteward(RESOURCE, exceptionId);
        String text = requireReason(reason, "Reason: say why these records are different people.", "Nothing was decided.");
        IdentityStore.ExceptionRow x = lock(exceptionId);
        requireOpen(x);
        Instant now = clock.instant();
        store.recordDecision(exceptionId, Decision.DIFFERENT_PEOPLE, null, text, user.getUsername(), now);
        store.resolve(exceptionId, Decision.DIFFERENT_PEOPLE, null, text, user.getUsername(), now);
        audited(exceptionId, "different people: provisional client " + x.provisionalClientId() + " kept apart from client(s) "
                + x.candidates() + "; reason: " + text, x.provisionalClientId(), x.candidates().toArray(Long[]::new));
    }

    /** Reverses the decision in force: a link is moved back, a "different people" decision reopened. */
    @Transactional
    public String undo(long exceptionId, String reason) {
        access.requireIdentitySteward(RESOURCE, exceptionId);
        String text = requireReason(reason, "Reason: say why the decision is undone.", "Nothing was undone.");
        IdentityStore.ExceptionRow x = lock(exceptionId);
        if (x.status() != ExceptionStatus.RESOLVED) {
            throw ProblemException.conflict("not-decided", "Identity exception " + exceptionId + " is open: there is no decision to undo.");
        }
        Instant now = clock.instant();
        String what;
        if (x.decision().orElseThrow() == Decision.SAME_PERSON) {
            long target = x.linkedClientId();
            if (store.lockUnlinked(List.of(target)) == 0) {
                throw ProblemException.conflict("linked-again", "Client " + target
                        + " has since been linked to another client. Undo that link first; nothing was undone.");
            }
            Map<String, Integer> moved = moves.unlink(store.lastLink(exceptionId), x.provisionalClientId(), target);
            concerns.clientsUnlinked(x.provisionalClientId(), target); // concern signals go back with their events (issue #16)
            what = "link of provisional client " + x.provisionalClientId() + " to client " + target + " undone; moved back "
                    + IdentityLinkMoves.describe(moved);
            store.recordDecision(exceptionId, Decision.UNDO, null, text, user.getUsername(), now);
            audited(exceptionId, what + "; reason: " + text, target, x.provisionalClientId());
        } else {
            what = "decision \"different people\" undone; the exception is open again";
            store.recordDecision(exceptionId, Decision.UNDO, null, text, user.getUsername(), now);
            audited(exceptionId, what + "; reason: " + text, x.provisionalClientId(), x.candidates().toArray(Long[]::new));
        }
        store.reopen(exceptionId);
        return what;
    }

    private IdentityStore.ExceptionRow lock(long exceptionId) {
        return store.lock(exceptionId).orElseThrow(() -> ProblemException.notFound("There is no identity exception " + exceptionId + "."));
    }

    private static void requireOpen(IdentityStore.ExceptionRow x) {
        if (x.status() != ExceptionStatus.OPEN) {
            throw ProblemException.conflict("already-decided", "Identity exception " + x.id() + " was already decided ("
                    + x.decision().map(Decision::words).orElse("") + "). Undo that decision first to decide again.");
        }
    }

    private static String requireReason(String reason, String missing, String nothing) {
        String text = reason == null ? "" : reason.trim();
        if (text.isEmpty()) {
            throw ProblemException.invalid(nothing, List.of(new FieldError("reason", missing)));
        }
        if (text.length() > MAX_REASON) {
            throw ProblemException.invalid(nothing, List.of(new FieldError("reason",
                    "Reason: at most " + MAX_REASON + " characters (you wrote " + text.length() + ").")));
        }
        return text;
    }

    /** One write entry per client concerned, in the decision's transaction. */
    private void audited(long exceptionId, String detail, long clientId, Long... others) {
        audit.recordInTransaction(AuditRecord.write(RESOURCE, exceptionId, clientId, Purpose.IDENTITY_RESOLUTION, detail));
        for (Long other : others) {
            audit.recordInTransaction(AuditRecord.write(RESOURCE, exceptionId, other, Purpose.IDENTITY_RESOLUTION, detail));
        }
    }
}
