package org.carerelay.handover;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /** The resource the audit trail names for the queries of a handover. */
    public static final String RESOURCE = "handover-queries";

    public record QueryRow(long id, long handoverId, int version, String field, QueryKind kind, String text, String raisedBy,
            String raisedByAgency, Instant raisedAt, boolean automatic, QueryStatus status, String answer, String answeredBy,
            Instant answeredAt, Long correctionHandoverId) {
        public String part() {
            return partWords(field);
        }

        public String kindWords() {
            return kind.words;
        }

        public boolean isOpen() {
            return status == QueryStatus.OPEN;
        }
    }

    /** An open query on one of the viewer's own handovers, for the worklist. */
    public record SourceQuery(long id, long handoverId, String clientName, String part, String kindWords, String text,
            String raisedByAgency, Instant raisedAt) {
    }

    @Inject
    HandoverQueryStore store;

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

    /** The queries on this handover and its other versions, oldest first; one audit view entry. */
    public List<QueryRow> list(AccessPolicy.HandoverAccess a) {
        List<QueryRow> rows = store.onChain(a.handover().id);
        audit.record(AuditRecord.view(RESOURCE, a.handover().id, a.handover().clientId, List.of(), List.of(),
                Purpose.CARE_DELIVERY));
        return rows;
    }

    /** A recipient raises a query on the latest version; 400 naming bad fields, nothing stored. */
    @Transactional
    public long raise(long handoverId, String part, String kind, String text) {
        AccessPolicy.HandoverAccess a = access.requireHandover(handoverId, RESOURCE);
        if (a.source()) {
            throw new ProblemException(403, "source-agency", "Access refused", "Queries are raised by the agencies that received the handover.");
        }
        List<FieldError> errors = new ArrayList<>();
        String field = part == null || part.isBlank() || "whole".equals(part) ? null : part.trim();
        if (field != null && HandoverPart.of(field).filter(p -> p.queryable).isEmpty()) {
            errors.add(new FieldError("part", "choose a part of the handover, or the whole handover"));
        }
        QueryKind what = QueryKind.of(kind).orElse(null);
        if (what == null) {
            errors.add(new FieldError("kind", "choose missing or looks wrong"));
        }
        String t = checkText(errors, "text", text);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The query was not sent.", errors);
        }
        if (a.handover().status != HandoverStatus.SUBMITTED) {
            throw ProblemException.conflict("handover-superseded", "This version was corrected; raise your query on the latest version.");
        }
        long id = store.raise(handoverId, field, what, t, user.getUsername(), a.agencyId(), clock.instant());
        audit.recordInTransaction(AuditRecord.write("handover-query", id, a.handover().clientId, Purpose.CARE_DELIVERY,
                "query raised on handover " + handoverId));
        outbox.handoverQueryRaised(id); // webhooks: same transaction (issue #15)
        return id;
    }

    /** The source answers an open query. */
    @Transactional
    public void answer(long handoverId, long queryId, String text) {
        AccessPolicy.HandoverAccess a = access.requireHandover(handoverId, RESOURCE);
        if (!a.source()) {
            throw new ProblemException(403, "not-source", "Access refused", "Only the agency that sent the handover answers its queries.");
        }
        List<FieldError> errors = new ArrayList<>();
        String t = checkText(errors, "answer", text);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The answer was not saved.", errors);
        }
        if (!store.answer(handoverId, queryId, t, user.getUsername(), clock.instant())) {
            throw ProblemException.conflict("query-not-open", "Query " + queryId + " is not open on this handover: it was answered or corrected already.");
        }
        audit.recordInTransaction(AuditRecord.write("handover-query", queryId, a.handover().clientId, Purpose.CARE_DELIVERY,
                "query answered"));
        outbox.handoverQueryAnswered(queryId); // webhooks: same transaction (issue #15)
    }

    /** Open queries on handovers this agency sent, newest first: they appear on its worklist. */
    public List<SourceQuery> openForSource(long agencyId) {
        return store.openForSource(agencyId).stream().map(r -> new SourceQuery(r.id(), r.handoverId(), r.clientName(),
                partWords(r.field()), r.kind().words, r.text(), r.raisedByAgency(), r.raisedAt())).toList();
    }

    private static String partWords(String field) {
        return field == null ? "whole handover" : HandoverPart.labelOf(field);
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
}
