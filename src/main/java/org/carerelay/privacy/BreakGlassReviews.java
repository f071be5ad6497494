package org.carerelay.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carerelay.access.BreakGlass;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;

/**
 * The break-glass review queue: emergency accesses to clients the officer's agency holds records
 * of, and the officer's review of each (appropriate, or not appropriate with a note). A grant is
 * reviewed once; the review and its audit entry are written in one transaction.
 */
@ApplicationScoped
public class BreakGlassReviews {

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
    BreakGlassGrantStore store;

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
        return store.unreviewedCount(Officers.agencyId(user));
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
        Optional<ReviewOutcome> finding = ReviewOutcome.of(outcome);
        List<FieldError> errors = new ArrayList<>();
        if (finding.isEmpty()) {
            errors.add(new FieldError("outcome-" + grantId, "Outcome: choose whether the emergency access was appropriate."));
        } else if (finding.get() == ReviewOutcome.NOT_APPROPRIATE && text.isEmpty()) {
            errors.add(new FieldError("note-" + grantId, "Note: explain why the emergency access was not appropriate."));
        }
        if (text.length() > MAX_NOTE) {
            errors.add(new FieldError("note-" + grantId, "Note: at most " + MAX_NOTE + " characters (you wrote " + text.length() + ")."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The review was not recorded.", errors);
        }
        BreakGlassGrantStore.GrantRow grant = store.lockForReview(agencyId, grantId).orElseThrow(() -> ProblemException.notFound(
                "There is no emergency access " + grantId + " to a client your agency holds records of."));
        if (grant.reviewOutcome().isPresent()) {
            throw ProblemException.conflict("already-reviewed", "Emergency access " + grantId + " was already reviewed by "
                    + grant.reviewedBy() + " (" + grant.reviewOutcome().get().code.replace('_', ' ') + "). A review is recorded once.");
        }
        if (user.getUsername().equals(grant.username())) {
            throw new ProblemException(403, "own-access", "Review refused",
                    "You cannot review your own emergency access; another privacy officer must.");
        }
        store.recordReview(grantId, finding.get(), text.isEmpty() ? null : text, user.getUsername(), clock.instant());
        audit.recordInTransaction(AuditRecord.review("break-glass-grant", grantId, grant.clientId(), Purpose.PRIVACY_REVIEW,
                finding.get().code + (text.isEmpty() ? "" : ": " + text)));
        return grant.clientId();
    }

    private List<GrantView> grants(long agencyId, boolean reviewed, int limit) {
        Instant now = clock.instant();
        return store.forAgencyClients(agencyId, reviewed, limit).stream().map(g -> new GrantView(g.id(), g.clientId(), g.username(),
                Officers.agencyName(agencies, g.agencyId()), g.reasonCategory(),
                BreakGlass.REASONS.getOrDefault(g.reasonCategory(), g.reasonCategory()), g.justification(), g.grantedAt(),
                g.expiresAt(), g.expiresAt().isAfter(now), g.reviewOutcome().map(o -> o.code).orElse(null), g.reviewNote(),
                g.reviewedBy(), g.reviewedAt())).toList();
    }
}
