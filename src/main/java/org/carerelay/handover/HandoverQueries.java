package org.carerelay.handover;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Queries on a handover: a recipient asks the source about a part that is missing or looks
 * wrong; the source answers, or issues a correction (see {@link HandoverCorrections}). Open
 * queries appear on the source agency's worklist.
 */
@ApplicationScoped
public class HandoverQueries {

    /** The parts a query may be about, with their names on screen ("" = the whole handover). */
    public static final Map<String, String> PARTS = new LinkedHashMap<>();

    static {
        PARTS.putAll(HandoverRules.REQUIRED);
        PARTS.put("medicationRiskFlags", "medication risk flags");
        PARTS.put("unresolvedConcerns", "unresolved concerns");
        PARTS.put("symptomReporting", "symptom reporting expectations");
        PARTS.put("escalationRules", "escalation rules");
    }

    public record Part(String name, String label) {
    }

    public record QueryRow(long id, long handoverId, int version, String field, String kind, String text, String raisedBy,
            String raisedByAgency, Instant raisedAt, boolean automatic, String status, String answer, String answeredBy,
            Instant answeredAt, Long correctionHandoverId) {
        public String part() {
            return field == null ? "whole handover" : PARTS.getOrDefault(field, field);
        }

        public String kindWords() {
            return "wrong".equals(kind) ? "looks wrong" : "missing";
        }

        public boolean isOpen() {
            return "open".equals(status);
        }
    }

    /** An open query on one of the viewer's own handovers, for the worklist. */
    public record SourceQuery(long id, long handoverId, String clientName, String part, String kindWords, String text,
            String raisedByAgency, Instant raisedAt) {
    }

    /** Who is looking at a handover's queries and what they may do there. */
    public record Access(Handover handover, long agencyId, boolean source) {
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
    Clock clock;

    @Inject
    org.carerelay.push.Outbox outbox;

    public static List<Part> parts() {
        List<Part> parts = new ArrayList<>();
        PARTS.forEach((name, label) -> parts.add(new Part(name, label)));
        return parts;
    }

    /**
     * The source agency or an agency with a delivery of any version. Anyone else, and any unknown id
     * or draft, gets the same 404 and one denied audit entry naming the handover.
     */
    public Access require(long handoverId) {
        Handover h = Handover.findById(handoverId);
        long agencyId = user.requireAgencyId();
        if (h != null && !h.isDraft() && h.sourceAgencyId == agencyId) {
            return new Access(h, agencyId, true);
        }
        if (h == null || h.isDraft() || !recipient(h, agencyId)) {
            throw access.refuseGuess("handover-queries", handoverId, h == null || h.isDraft() ? null : h.clientId,
                    h == null || h.isDraft() ? "no such handover" : "no delivery of this handover", "No handover " + handoverId + ".");
        }
        return new Access(h, agencyId, false);
    }

    private boolean recipient(Handover h, long agencyId) {
        Number n = (Number) em.createNativeQuery("""
                SELECT count(*) FROM delivery d JOIN handover h ON h.event_id = d.event_id
                WHERE d.recipient_agency_id = :a AND h.id IN (""" + CHAIN + ")")
                .setParameter("a", agencyId).setParameter("h", h.id).getSingleResult();
        return n.longValue() > 0;
    }

    /** This version and its earlier ones (and later ones: a recipient of v1 keeps seeing its queries). */
    static final String CHAIN = """
            WITH RECURSIVE back(id, previous_id) AS (
                SELECT id, previous_id FROM handover WHERE id = :h
                UNION SELECT p.id, p.previous_id FROM handover p JOIN back b ON p.id = b.previous_id),
            fwd(id) AS (SELECT id FROM handover WHERE id = :h
                UNION SELECT n.id FROM handover n JOIN fwd f ON n.previous_id = f.id)
            SELECT id FROM back UNION SELECT id FROM fwd""";

    /** The queries on this handover and its other versions, oldest first; one audit view entry. */
    public List<QueryRow> list(Access a) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT q.id, q.handover_id, h.version, q.field, q.kind, q.text, q.raised_by, ag.name, q.raised_at, q.automatic,
                       q.status, q.answer, q.answered_by, q.answered_at, q.correction_handover_id
                FROM handover_query q JOIN handover h ON h.id = q.handover_id JOIN agency ag ON ag.id = q.raised_by_agency_id
                WHERE q.handover_id IN (""" + CHAIN + ") ORDER BY q.raised_at, q.id")
                .setParameter("h", a.handover().id).getResultList();
        audit.record(AuditRecord.view("handover-queries", a.handover().id, a.handover().clientId, List.of(), List.of(),
                Purpose.CARE_DELIVERY));
        return rows.stream().map(r -> new QueryRow(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).intValue(),
                (String) r[3], (String) r[4], (String) r[5], (String) r[6], (String) r[7], instant(r[8]), (Boolean) r[9], (String) r[10],
                (String) r[11], (String) r[12], instant(r[13]), r[14] == null ? null : ((Number) r[14]).longValue())).toList();
    }

    /** A recipient raises a query on the latest version; 400 naming bad fields, nothing stored. */
    @Transactional
    public long raise(long handoverId, String part, String kind, String text) {
        Access a = require(handoverId);
        if (a.source()) {
            throw new ProblemException(403, "source-agency", "Access refused", "Queries are raised by the agencies that received the handover.");
        }
        List<FieldError> errors = new ArrayList<>();
        String field = part == null || part.isBlank() || "whole".equals(part) ? null : part.trim();
        if (field != null && !PARTS.containsKey(field)) {
            errors.add(new FieldError("part", "choose a part of the handover, or the whole handover"));
        }
        if (!"missing".equals(kind) && !"wrong".equals(kind)) {
            errors.add(new FieldError("kind", "choose missing or looks wrong"));
        }
        String t = checkText(errors, "text", text);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The query was not sent.", errors);
        }
        if (!"submitted".equals(a.handover().status)) {
            throw ProblemException.conflict("handover-superseded", "This version was corrected; raise your query on the latest version.");
        }
        Number id = (Number) em.createNativeQuery("""
                INSERT INTO handover_query (handover_id, field, kind, text, raised_by, raised_by_agency_id, raised_at)
                VALUES (:h, :f, :k, :t, :u, :a, :now) RETURNING id""")
                .setParameter("h", handoverId).setParameter("f", field).setParameter("k", kind).setParameter("t", t)
                .setParameter("u", user.getUsername()).setParameter("a", a.agencyId()).setParameter("now", clock.instant())
                .getSingleResult();
        audit.recordInTransaction(AuditRecord.write("handover-query", id, a.handover().clientId, Purpose.CARE_DELIVERY,
                "query raised on handover " + handoverId));
        outbox.handoverQueryRaised(id.longValue()); // webhooks: same transaction (issue #15)
        return id.longValue();
    }

    /** The source answers an open query. */
    @Transactional
    public void answer(long handoverId, long queryId, String text) {
        Access a = require(handoverId);
        if (!a.source()) {
            throw new ProblemException(403, "not-source", "Access refused", "Only the agency that sent the handover answers its queries.");
        }
        List<FieldError> errors = new ArrayList<>();
        String t = checkText(errors, "answer", text);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The answer was not saved.", errors);
        }
        int updated = em.createNativeQuery("""
                UPDATE handover_query SET status = 'answered', answer = :t, answered_by = :u, answered_at = :now
                WHERE id = :q AND status = 'open' AND handover_id IN (""" + CHAIN + ")")
                .setParameter("t", t).setParameter("u", user.getUsername()).setParameter("now", clock.instant())
                .setParameter("q", queryId).setParameter("h", handoverId).executeUpdate();
        if (updated == 0) {
            throw ProblemException.conflict("query-not-open", "Query " + queryId + " is not open on this handover: it was answered or corrected already.");
        }
        audit.recordInTransaction(AuditRecord.write("handover-query", queryId, a.handover().clientId, Purpose.CARE_DELIVERY,
                "query answered"));
        outbox.handoverQueryAnswered(queryId); // webhooks: same transaction (issue #15)
    }

    /** Open queries on handovers this agency sent, newest first: they appear on its worklist. */
    public List<SourceQuery> openForSource(long agencyId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT q.id, q.handover_id, concat_ws(' ', h.document->'client'->>'givenName', h.document->'client'->>'familyName'),
                       q.field, q.kind, q.text, ag.name, q.raised_at
                FROM handover_query q JOIN handover h ON h.id = q.handover_id JOIN agency ag ON ag.id = q.raised_by_agency_id
                WHERE q.status = 'open' AND h.source_agency_id = :a ORDER BY q.raised_at DESC, q.id DESC LIMIT 50""")
                .setParameter("a", agencyId).getResultList();
        return rows.stream().map(r -> new SourceQuery(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2],
                r[3] == null ? "whole handover" : PARTS.getOrDefault((String) r[3], (String) r[3]),
                "wrong".equals(r[4]) ? "looks wrong" : "missing", (String) r[5], (String) r[6], instant(r[7]))).toList();
    }

    static String checkText(List<FieldError> errors, String field, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            errors.add(new FieldError(field, "required"));
        } else if (t.length() > 2000) {
            errors.add(new FieldError(field, "at most 2000 characters"));
        } else if (t.indexOf('\0') >= 0) {
            errors.add(new FieldError(field, "must not contain the NUL character"));
        }
        return t;
    }

    static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((Timestamp) o).toInstant();
    }
}
