package org.carerelay.handover;

import org.carerelay.access.Purpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.events.EventIngest;
import org.carerelay.web.ProblemException;

/**
 * A correction: the source issues a new version of its latest submitted handover. The old one is
 * superseded, the new one is shared through the exchange as a new delivery linked to the old
 * (previous_id), and the old version's open queries are marked corrected. A submitted handover
 * is never edited in place.
 */
@ApplicationScoped
public class HandoverCorrections {

    /** The new version, or null with a message when nothing changed (nothing stored). */
    public record Result(Handover corrected, String message) {
    }

    @Inject
    EntityManager em;

    @Inject
    HandoverQueryStore queries;

    @Inject
    HandoverService service;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    org.carerelay.push.Outbox outbox;

    /** The agency's own latest submitted version; 404 for anyone else's, 409 for a superseded one. */
    public Handover correctable(long id, long agencyId) {
        Handover h = Handover.findById(id);
        if (h == null || h.isDraft() || h.sourceAgencyId != agencyId) {
            throw ProblemException.notFound("No handover " + id + " sent by your agency.");
        }
        requireLatest(h);
        return h;
    }

    @Transactional
    public Result correct(long id, HandoverDocument document, String note, EventIngest.Submitter submitter) {
        Handover old = Handover.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (old == null || old.isDraft() || old.sourceAgencyId != submitter.agencyId()) {
            throw ProblemException.notFound("No handover " + id + " sent by your agency.");
        }
        requireLatest(old);
        List<ProblemException.FieldError> errors = new ArrayList<>();
        String why = HandoverQueries.checkText(errors, "note", note);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Say what you changed and why.", errors);
        }
        HandoverDocument next = normalized(document);
        service.check(next, old.sourceAgencyId);
        if (next.equals(normalized(old.document))) {
            return new Result(null, "Nothing changed: the corrected handover is the same as version " + old.version + ". Nothing was stored.");
        }
        old.status = HandoverStatus.SUPERSEDED;
        old.updatedAt = clock.instant();
        em.flush();
        Instant now = clock.instant();
        Handover h = new Handover();
        h.sourceAgencyId = old.sourceAgencyId;
        h.version = old.version + 1;
        h.createdBy = submitter.username();
        h.createdAt = now;
        h.document = next;
        service.share(h, submitter, old.id);
        List<Long> corrected = queries.markCorrected(old.id, h.id);
        corrected.forEach(outbox::handoverQueryAnswered); // a correction answers them: handover.answer webhooks, same transaction
        audit.recordInTransaction(AuditRecord.write("handover", h.id, h.clientId, Purpose.CARE_DELIVERY,
                "correction v" + h.version + " of handover " + old.id + " (" + corrected.size() + " open queries corrected): " + why));
        return new Result(h, null);
    }

    private static void requireLatest(Handover h) {
        if (h.status != HandoverStatus.SUBMITTED) {
            Handover next = Handover.find("previousId", h.id).firstResult();
            throw ProblemException.conflict("handover-already-corrected", "Version " + h.version + " of this handover was already corrected"
                    + (next == null ? "" : " (version " + next.version + ", handover " + next.id + ")")
                    + ". Correct the latest version instead.");
        }
    }

    /** Blank text as absent and empty lists as absent, so that the same values compare equal. */
    static HandoverDocument normalized(HandoverDocument d) {
        return new HandoverDocument(d.client(), blank(d.dischargeDate()), blank(d.dischargeRecommendation()), blank(d.urgency()),
                blank(d.triageNotes()), list(d.medicationRiskFlags()), blank(d.mobilityConcerns()), list(d.followUpNeeds()),
                blank(d.unresolvedConcerns()), blank(d.symptomReporting()), list(d.escalationRules()), list(d.actionItems()));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static <T> List<T> list(List<T> l) {
        return l == null || l.isEmpty() ? null : l;
    }
}
