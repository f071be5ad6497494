package org.carerelay.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carerelay.access.BreakGlass;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.sql.SqlValues;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;

/**
 * The break-glass review queue: emergency accesses to clients the officer's agency holds records
 * of, and the officer's review of each (appropriate, or not appropriate with a note). A grant is
 * reviewed once; the review and its audit entry are written in one transaction.
 */
@ApplicationScoped
public class BreakGlassReviews {

    public static final List<String> OUTCOMES = List.of("appropriate", "not_appropriate");
    public static final int MAX_NOTE = 2000;
    static final int UNREVIEWED_LIMIT = 500;
    static final int REVIEWED_LIMIT = 100;

    /** One grant as the queue shows it. */
    public record GrantView(long id, long clientId, String username, String agency, String reasonCategory, String reason,
            String justification, Instant grantedAt, Instant expiresAt, boolean active, String reviewOutcome, String reviewNote,
            String reviewedBy, Instant reviewedAt) {
    }

    public record Queue(List<GrantView> unreviewed, List<GrantView> reviewed) {
    }

    @Inject
    EntityManager em;

    @Inject
    CurrentUser user;

    @Inject
    AgencyDirectory agencies;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** The queue: unreviewed grants (newest first), then the latest reviewed ones. Audited as a list. */
    @Transactional
    public Queue queue() {
        long agencyId = Officers.agencyId(user);
        List<GrantView> unreviewed = grants(agencyId, false, UNREVIEWED_LIMIT);
        List<GrantView> reviewed = grants(agencyId, true, REVIEWED_LIMIT);
        audit.record(AuditRecord.list("break-glass-queue", Purpose.PRIVACY_REVIEW,
                unreviewed.size() + " unreviewed and " + reviewed.size() + " reviewed emergency accesses"));
        return new Queue(unreviewed, reviewed);
    }

    /** How many emergency accesses to the agency's clients await review (for the start page; no client data). */
    @Transactional
    public long unreviewedCount() {
        return ((Number) em.createNativeQuery("""
                SELECT count(*) FROM break_glass_grant g
                JOIN care_relationship r ON r.client_id = g.client_id AND r.agency_id = :mine
                WHERE g.review_outcome IS NULL""").setParameter("mine", Officers.agencyId(user)).getSingleResult()).longValue();
    }

    /**
     * Records the review of one grant. 400 naming the field for bad input, 404 for a grant of a
     * client the agency does not hold, 409 when someone has already reviewed it. Nothing is stored
     * unless everything is.
     */
    @Transactional
    public long review(long grantId, String outcome, String note) {
        long agencyId = Officers.agencyId(user);
        String text = note == null ? "" : note.trim();
        List<FieldError> errors = new ArrayList<>();
        if (outcome == null || !OUTCOMES.contains(outcome)) {
            errors.add(new FieldError("outcome-" + grantId, "Outcome: choose whether the emergency access was appropriate."));
        } else if ("not_appropriate".equals(outcome) && text.isEmpty()) {
            errors.add(new FieldError("note-" + grantId, "Note: explain why the emergency access was not appropriate."));
        }
        if (text.length() > MAX_NOTE) {
            errors.add(new FieldError("note-" + grantId, "Note: at most " + MAX_NOTE + " characters (you wrote " + text.length() + ")."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The review was not recorded.", errors);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery("""
                SELECT g.client_id, g.username, g.review_outcome, g.reviewed_by FROM break_glass_grant g
                JOIN care_relationship r ON r.client_id = g.client_id AND r.agency_id = :mine
                WHERE g.id = :id FOR UPDATE OF g""")
                .setParameter("mine", agencyId).setParameter("id", grantId).getResultList();
        if (found.isEmpty()) {
            throw ProblemException.notFound("There is no emergency access " + grantId + " to a client your agency holds records of.");
        }
        Object[] grant = found.get(0);
        long clientId = SqlValues.id(grant[0]);
        if (grant[2] != null) {
            throw ProblemException.conflict("already-reviewed", "Emergency access " + grantId + " was already reviewed by "
                    + grant[3] + " (" + ((String) grant[2]).replace('_', ' ') + "). A review is recorded once.");
        }
        if (user.getUsername().equals(grant[1])) {
            throw new ProblemException(403, "own-access", "Review refused",
                    "You cannot review your own emergency access; another privacy officer must.");
        }
        em.createNativeQuery("""
                UPDATE break_glass_grant SET review_outcome = :outcome, review_note = :note, reviewed_by = :by, reviewed_at = :now
                WHERE id = :id AND review_outcome IS NULL""")
                .setParameter("outcome", outcome).setParameter("note", text.isEmpty() ? null : text)
                .setParameter("by", user.getUsername()).setParameter("now", clock.instant()).setParameter("id", grantId)
                .executeUpdate();
        audit.recordInTransaction(AuditRecord.review("break-glass-grant", grantId, clientId, Purpose.PRIVACY_REVIEW, outcome + (text.isEmpty() ? "" : ": " + text)));
        return clientId;
    }

    @SuppressWarnings("unchecked")
    private List<GrantView> grants(long agencyId, boolean reviewed, int limit) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT g.id, g.client_id, g.username, g.agency_id, g.reason_category, g.justification, g.granted_at, g.expires_at,
                       g.review_outcome, g.review_note, g.reviewed_by, g.reviewed_at
                FROM break_glass_grant g
                JOIN care_relationship r ON r.client_id = g.client_id AND r.agency_id = :mine
                WHERE g.review_outcome IS %s NULL
                ORDER BY g.granted_at DESC, g.id DESC
                LIMIT :limit""".formatted(reviewed ? "NOT" : ""))
                .setParameter("mine", agencyId).setParameter("limit", limit).getResultList();
        Instant now = clock.instant();
        List<GrantView> grants = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            String category = (String) r[4];
            Instant expires = SqlValues.instant(r[7]);
            grants.add(new GrantView(SqlValues.id(r[0]), SqlValues.id(r[1]), (String) r[2],
                    Officers.agencyName(agencies, SqlValues.id(r[3])), category, BreakGlass.REASONS.getOrDefault(category, category),
                    (String) r[5], SqlValues.instant(r[6]), expires, expires.isAfter(now), (String) r[8], (String) r[9],
                    (String) r[10], SqlValues.instant(r[11])));
        }
        return grants;
    }
}
