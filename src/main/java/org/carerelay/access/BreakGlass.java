package org.carerelay.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.sql.Row;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;

/**
 * Emergency access to a client without a care relationship: a reason from a fixed list and a
 * typed justification give the requester four hours of access. Audited as break-glass and queued
 * for the privacy officers of every agency that holds the client's records.
 */
@ApplicationScoped
public class BreakGlass {

    public static final Duration DURATION = Duration.ofHours(4);
    public static final int MIN_JUSTIFICATION = 30;
    public static final Map<String, String> REASONS = Map.of(
            "imminent_risk_to_life", "Imminent risk to the person's life or safety",
            "safeguarding_emergency", "Safeguarding emergency",
            "urgent_clinical_need", "Urgent clinical need (e.g. medication, allergies)",
            "unreachable_care_team", "The person's care team cannot be reached");

    @Inject
    EntityManager em;

    @Inject
    CurrentUser user;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    public record Grant(long id, Instant expiresAt) {
    }

    /** The requester's grant for this client that has not expired, or null. */
    public Grant activeGrant(long clientId, String username) {
        return Row.first(Row.query(em, """
                SELECT id, expires_at FROM break_glass_grant WHERE client_id = :client AND username = :user AND expires_at > :now
                ORDER BY expires_at DESC""")
                .setParameter("client", clientId).setParameter("user", username).setParameter("now", clock.instant()))
                .map(r -> new Grant(r.id("id"), r.instant("expires_at"))).orElse(null);
    }

    @Transactional
    public long request(long clientId, String reasonCategory, String justification) {
        if (!user.isFrontline()) {
            throw new ProblemException(403, "role-not-permitted", "Access refused", "Only frontline staff can request emergency access.");
        }
        long agencyId = user.requireAgencyId();
        if (Row.first(Row.query(em, "SELECT id FROM client WHERE id = :c").setParameter("c", clientId)).isEmpty()) {
            throw ProblemException.notFound("There is no client " + clientId + ".");
        }
        List<FieldError> errors = new ArrayList<>();
        if (reasonCategory == null || !REASONS.containsKey(reasonCategory)) {
            errors.add(new FieldError("reason", "Choose the reason for emergency access."));
        }
        String text = justification == null ? "" : justification.trim();
        if (text.length() < MIN_JUSTIFICATION) {
            errors.add(new FieldError("justification", "Explain the emergency in at least " + MIN_JUSTIFICATION + " characters."));
        } else if (text.length() > 2000) {
            errors.add(new FieldError("justification", "At most 2000 characters."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Emergency access needs a reason and a justification.", errors);
        }
        Instant now = clock.instant();
        long id = Row.all(Row.query(em, """
                INSERT INTO break_glass_grant (client_id, username, agency_id, reason_category, justification, granted_at, expires_at)
                VALUES (:client, :user, :agency, :reason, :text, :now, :expires) RETURNING id""")
                .setParameter("client", clientId).setParameter("user", user.getUsername()).setParameter("agency", agencyId)
                .setParameter("reason", reasonCategory).setParameter("text", text).setParameter("now", now)
                .setParameter("expires", now.plus(DURATION))).get(0).id("id");
        audit.recordInTransaction(AuditRecord.breakGlass(clientId, REASONS.get(reasonCategory) + ": " + text));
        return id;
    }
}
