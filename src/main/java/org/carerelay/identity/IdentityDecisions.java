package org.carerelay.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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
import org.carerelay.sql.SqlValues;
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

    /** The exception as it stands, locked for the decision. */
    record Locked(long id, long provisionalClientId, List<Long> candidates, String status, String decision, Long linkedClientId) {
    }

    @Inject
    EntityManager em;

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
        Locked x = lock(exceptionId);
        if (target == null || !x.candidates().contains(target)) {
            errors.add(new FieldError("candidate", "Choose which existing client this record is the same person as."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Nothing was linked.", errors);
        }
        requireOpen(x);
        // The candidate must still be a client of its own (not linked into another since), and is locked with the provisional one.
        List<?> live = em.createNativeQuery("SELECT id FROM client WHERE id IN (:a, :b) AND merged_into_client_id IS NULL FOR UPDATE")
                .setParameter("a", target).setParameter("b", x.provisionalClientId()).getResultList();
        if (live.size() < 2) {
            throw ProblemException.conflict("client-linked-elsewhere", "Client " + target
                    + " has since been linked to another client by a steward, so nothing was linked. Choose again.");
        }
        Instant now = clock.instant();
        long decision = recordDecision(exceptionId, "same_person", target, text, now);
        Map<String, Integer> moved = moves.link(decision, x.provisionalClientId(), target, user.getUsername(), now);
        em.createNativeQuery("""
                UPDATE identity_exception SET status = 'resolved', decision = 'same_person', linked_client_id = :target, reason = :reason,
                    resolved_by = :by, resolved_at = :now WHERE id = :id""")
                .setParameter("target", target).setParameter("reason", text.isEmpty() ? null : text)
                .setParameter("by", user.getUsername()).setParameter("now", now).setParameter("id", exceptionId).executeUpdate();
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
        Locked x = lock(exceptionId);
        requireOpen(x);
        Instant now = clock.instant();
        recordDecision(exceptionId, "different_people", null, text, now);
        em.createNativeQuery("""
                UPDATE identity_exception SET status = 'resolved', decision = 'different_people', reason = :reason, resolved_by = :by,
                    resolved_at = :now WHERE id = :id""")
                .setParameter("reason", text).setParameter("by", user.getUsername()).setParameter("now", now)
                .setParameter("id", exceptionId).executeUpdate();
        audited(exceptionId, "different people: provisional client " + x.provisionalClientId() + " kept apart from client(s) "
                + x.candidates() + "; reason: " + text, x.provisionalClientId(), x.candidates().toArray(Long[]::new));
    }

    /** Reverses the decision in force: a link is moved back, a "different people" decision reopened. */
    @Transactional
    public String undo(long exceptionId, String reason) {
        access.requireIdentitySteward(RESOURCE, exceptionId);
        String text = requireReason(reason, "Reason: say why the decision is undone.", "Nothing was undone.");
        Locked x = lock(exceptionId);
        if (!"resolved".equals(x.status())) {
            throw ProblemException.conflict("not-decided", "Identity exception " + exceptionId + " is open: there is no decision to undo.");
        }
        Instant now = clock.instant();
        String what;
        if ("same_person".equals(x.decision())) {
            long target = x.linkedClientId();
            List<?> live = em.createNativeQuery("SELECT id FROM client WHERE id = :t AND merged_into_client_id IS NULL FOR UPDATE")
                    .setParameter("t", target).getResultList();
            if (live.isEmpty()) {
                throw ProblemException.conflict("linked-again", "Client " + target
                        + " has since been linked to another client. Undo that link first; nothing was undone.");
            }
            long linkDecision = ((Number) em.createNativeQuery("""
                    SELECT id FROM identity_decision WHERE exception_id = :x AND decision = 'same_person' ORDER BY id DESC LIMIT 1""")
                    .setParameter("x", exceptionId).getSingleResult()).longValue();
            Map<String, Integer> moved = moves.unlink(linkDecision, x.provisionalClientId(), target);
            what = "link of provisional client " + x.provisionalClientId() + " to client " + target + " undone; moved back "
                    + IdentityLinkMoves.describe(moved);
            recordDecision(exceptionId, "undo", null, text, now);
            audited(exceptionId, what + "; reason: " + text, target, x.provisionalClientId());
        } else {
            what = "decision \"different people\" undone; the exception is open again";
            recordDecision(exceptionId, "undo", null, text, now);
            audited(exceptionId, what + "; reason: " + text, x.provisionalClientId(), x.candidates().toArray(Long[]::new));
        }
        em.createNativeQuery("""
                UPDATE identity_exception SET status = 'open', decision = NULL, linked_client_id = NULL, reason = NULL, resolved_by = NULL,
                    resolved_at = NULL WHERE id = :id""").setParameter("id", exceptionId).executeUpdate();
        return what;
    }

    private Locked lock(long exceptionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, provisional_client_id, array_to_string(candidate_client_ids, ','), status, decision, linked_client_id
                FROM identity_exception WHERE id = :id FOR UPDATE""").setParameter("id", exceptionId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("There is no identity exception " + exceptionId + ".");
        }
        Object[] r = rows.get(0);
        List<Long> candidates = IdentityExceptions.ids((String) r[2]);
        return new Locked(SqlValues.id(r[0]), SqlValues.id(r[1]), candidates, (String) r[3], (String) r[4],
                r[5] == null ? null : SqlValues.id(r[5]));
    }

    private static void requireOpen(Locked x) {
        if (!"open".equals(x.status())) {
            throw ProblemException.conflict("already-decided", "Identity exception " + x.id() + " was already decided ("
                    + x.decision().replace('_', ' ') + "). Undo that decision first to decide again.");
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

    private long recordDecision(long exceptionId, String decision, Long linkedClientId, String reason, Instant now) {
        return ((Number) em.createNativeQuery("""
                INSERT INTO identity_decision (exception_id, decision, linked_client_id, reason, decided_by, decided_at)
                VALUES (:x, :decision, NULLIF(CAST(:linked AS BIGINT), -1), :reason, :by, :now) RETURNING id""")
                .setParameter("x", exceptionId).setParameter("decision", decision)
                .setParameter("linked", linkedClientId == null ? -1L : linkedClientId)
                .setParameter("reason", reason.isEmpty() ? null : reason).setParameter("by", user.getUsername())
                .setParameter("now", now).getSingleResult()).longValue();
    }

    /** One write entry per client concerned, in the decision's transaction. */
    private void audited(long exceptionId, String detail, long clientId, Long... others) {
        audit.recordInTransaction(AuditRecord.write(RESOURCE, exceptionId, clientId, Purpose.IDENTITY_RESOLUTION, detail));
        for (Long other : others) {
            audit.recordInTransaction(AuditRecord.write(RESOURCE, exceptionId, other, Purpose.IDENTITY_RESOLUTION, detail));
        }
    }
}
