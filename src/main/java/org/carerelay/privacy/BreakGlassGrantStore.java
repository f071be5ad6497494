package org.carerelay.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carerelay.sql.Row;

/**
 * The privacy officer's reads and the review of {@code break_glass_grant} (the grant itself is written by
 * {@link org.carerelay.access.BreakGlass}): grants to one client, grants to the clients an agency holds records of
 * (through {@code care_relationship}), and the one review each grant gets.
 */
@ApplicationScoped
public class BreakGlassGrantStore {

    /** Every column of a grant. {@code reviewOutcome} is empty until a privacy officer reviewed it. */
    record GrantRow(long id, long clientId, String username, long agencyId, String reasonCategory, String justification,
            Instant grantedAt, Instant expiresAt, Optional<ReviewOutcome> reviewOutcome, String reviewNote, String reviewedBy,
            Instant reviewedAt) {

        static final String COLUMNS = """
                g.id, g.client_id, g.username, g.agency_id, g.reason_category, g.justification, g.granted_at, g.expires_at,
                g.review_outcome, g.review_note, g.reviewed_by, g.reviewed_at""";

        static GrantRow of(Row r) {
            return new GrantRow(r.id("id"), r.id("client_id"), r.text("username"), r.id("agency_id"), r.text("reason_category"),
                    r.text("justification"), r.instant("granted_at"), r.instant("expires_at"),
                    ReviewOutcome.of(r.text("review_outcome")), r.text("review_note"), r.text("reviewed_by"), r.instant("reviewed_at"));
        }
    }

    @Inject
    EntityManager em;

    /** Up to {@code limit} grants to the client, newest first. */
    List<GrantRow> forClient(long clientId, int limit) {
        return Row.all(Row.query(em, """
                SELECT %s FROM break_glass_grant g WHERE g.client_id = :client
                ORDER BY g.granted_at DESC, g.id DESC LIMIT :limit""".formatted(GrantRow.COLUMNS))
                .setParameter("client", clientId).setParameter("limit", limit)).stream().map(GrantRow::of).toList();
    }

    /** Up to {@code limit} reviewed (or unreviewed) grants to clients the agency holds records of, newest first. */
    List<GrantRow> forAgencyClients(long agencyId, boolean reviewed, int limit) {
        return Row.all(Row.query(em, """
                SELECT %s FROM break_glass_grant g
                JOIN care_relationship r ON r.client_id = g.client_id AND r.agency_id = :mine
                WHERE g.review_outcome IS %s NULL
                ORDER BY g.granted_at DESC, g.id DESC
                LIMIT :limit""".formatted(GrantRow.COLUMNS, reviewed ? "NOT" : ""))
                .setParameter("mine", agencyId).setParameter("limit", limit)).stream().map(GrantRow::of).toList();
    }

    /** How many grants to the agency's clients await review. */
    long unreviewedCount(long agencyId) {
        return Row.first(Row.query(em, """
                SELECT count(*) AS unreviewed FROM break_glass_grant g
                JOIN care_relationship r ON r.client_id = g.client_id AND r.agency_id = :mine
                WHERE g.review_outcome IS NULL""").setParameter("mine", agencyId)).orElseThrow().number("unreviewed");
    }

    /** The grant, locked for its review, if it is to a client the agency holds records of. */
    Optional<GrantRow> lockForReview(long agencyId, long grantId) {
        return Row.all(Row.query(em, """
                SELECT %s FROM break_glass_grant g
                JOIN care_relationship r ON r.client_id = g.client_id AND r.agency_id = :mine
                WHERE g.id = :id FOR UPDATE OF g""".formatted(GrantRow.COLUMNS))
                .setParameter("mine", agencyId).setParameter("id", grantId)).stream().findFirst().map(GrantRow::of);
    }

    /** Records the review unless one is already recorded. */
    void recordReview(long grantId, ReviewOutcome outcome, String note, String by, Instant at) {
        em.createNativeQuery("""
                UPDATE break_glass_grant SET review_outcome = :outcome, review_note = :note, reviewed_by = :by, reviewed_at = :now
                WHERE id = :id AND review_outcome IS NULL""")
                .setParameter("outcome", outcome.code).setParameter("note", note).setParameter("by", by).setParameter("now", at)
                .setParameter("id", grantId).executeUpdate();
    }
}
