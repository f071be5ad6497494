package org.carerelay.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.carerelay.sql.Row;

/**
 * The identity steward's reads and writes of identity exceptions, their decisions and the clients they compare (the rows a
 * link moves are {@link IdentityLinkMoves}'). Statuses are written into the SQL as literals where a partial index
 * (identity_exception_queue) depends on them.
 */
@ApplicationScoped
public class IdentityStore {

    /** One exception as the queue lists it, with its provisional client's name and birth date. */
    record QueueRow(long id, String matchKind, Instant createdAt, long agencyId, String name, LocalDate birthDate, int candidates,
            Optional<Decision> decision, String resolvedBy, Instant resolvedAt) {

        static QueueRow of(Row r) {
            return new QueueRow(r.id("id"), r.text("match_kind"), r.instant("created_at"), r.id("agency_id"), r.text("name"),
                    r.date("birth_date"), r.integer("candidates"), Decision.of(r.text("decision")), r.text("resolved_by"),
                    r.instant("resolved_at"));
        }
    }

    /** One exception as it stands. */
    record ExceptionRow(long id, String matchKind, ExceptionStatus status, Optional<Decision> decision, Long linkedClientId,
            String reason, long agencyId, Instant createdAt, long provisionalClientId, List<Long> candidates) {

        static final String COLUMNS = """
                x.id, x.match_kind, x.status, x.decision, x.linked_client_id, x.reason, x.agency_id, x.created_at,
                x.provisional_client_id, x.candidate_client_ids""";

        static ExceptionRow of(Row r) {
            return new ExceptionRow(r.id("id"), r.text("match_kind"), ExceptionStatus.of(r.text("status")),
                    Decision.of(r.text("decision")), r.nullableNumber("linked_client_id"), r.text("reason"), r.id("agency_id"),
                    r.instant("created_at"), r.id("provisional_client_id"),
                    r.texts("candidate_client_ids").stream().map(Long::valueOf).toList());
        }
    }

    /** A client as the steward compares it. */
    record PersonRow(String name, LocalDate birthDate, Instant createdAt, Long mergedInto) {

        static PersonRow of(Row r) {
            return new PersonRow(r.text("name"), r.date("birth_date"), r.instant("created_at"), r.nullableNumber("merged_into_client_id"));
        }
    }

    /** An agency holding a local id for a client, since its first one. */
    record HolderRow(long agencyId, Instant since) {

        static HolderRow of(Row r) {
            return new HolderRow(r.id("agency_id"), r.instant("since"));
        }
    }

    record DecisionRow(Decision decision, String decidedBy, Instant decidedAt, String reason, Long linkedClientId) {

        static DecisionRow of(Row r) {
            return new DecisionRow(Decision.of(r.text("decision")).orElseThrow(), r.text("decided_by"), r.instant("decided_at"),
                    r.text("reason"), r.nullableNumber("linked_client_id"));
        }
    }

    @Inject
    EntityManager em;

    /** Up to {@code limit} exceptions in the status: open ones oldest first, decided ones latest decided first. */
    List<QueueRow> queue(ExceptionStatus status, int limit) {
        String order = status == ExceptionStatus.OPEN ? "x.created_at, x.id" : "x.resolved_at DESC, x.id DESC";
        return Row.all(Row.query(em, """
                SELECT x.id, x.match_kind, x.created_at, x.agency_id, c.given_name || ' ' || c.family_name AS name, c.birth_date,
                       cardinality(x.candidate_client_ids) AS candidates, x.decision, x.resolved_by, x.resolved_at
                FROM identity_exception x JOIN client c ON c.id = x.provisional_client_id
                WHERE x.status = '%s' ORDER BY %s LIMIT :limit""".formatted(status.code, order))
                .setParameter("limit", limit)).stream().map(QueueRow::of).toList();
    }

    Optional<ExceptionRow> exception(long exceptionId) {
        return Row.first(Row.query(em, "SELECT %s FROM identity_exception x WHERE x.id = :id".formatted(ExceptionRow.COLUMNS))
                .setParameter("id", exceptionId)).map(ExceptionRow::of);
    }

    /** The exception, locked for a decision. */
    Optional<ExceptionRow> lock(long exceptionId) {
        return Row.all(Row.query(em, "SELECT %s FROM identity_exception x WHERE x.id = :id FOR UPDATE".formatted(ExceptionRow.COLUMNS))
                .setParameter("id", exceptionId)).stream().findFirst().map(ExceptionRow::of);
    }

    PersonRow person(long clientId) {
        return Row.first(Row.query(em, """
                SELECT given_name || ' ' || family_name AS name, birth_date, created_at, merged_into_client_id FROM client WHERE id = :id""")
                .setParameter("id", clientId)).map(PersonRow::of).orElseThrow();
    }

    /** The agencies holding a local id for the client, first holder first. */
    List<HolderRow> holders(long clientId) {
        return Row.all(Row.query(em, """
                SELECT agency_id, min(created_at) AS since FROM client_identifier WHERE client_id = :id
                GROUP BY agency_id ORDER BY min(created_at)""")
                .setParameter("id", clientId)).stream().map(HolderRow::of).toList();
    }

    /** Every decision on the exception, newest first. */
    List<DecisionRow> history(long exceptionId) {
        return Row.all(Row.query(em, """
                SELECT decision, decided_by, decided_at, reason, linked_client_id FROM identity_decision
                WHERE exception_id = :x ORDER BY id DESC""").setParameter("x", exceptionId)).stream().map(DecisionRow::of).toList();
    }

    /** Locks those of the clients that are still clients of their own (not linked into another); returns how many. */
    int lockUnlinked(List<Long> clientIds) {
        return Row.all(Row.query(em, "SELECT id FROM client WHERE id IN (:ids) AND merged_into_client_id IS NULL FOR UPDATE")
                .setParameter("ids", clientIds)).size();
    }

    /** The latest "same person" decision on the exception: the link an undo moves back. */
    long lastLink(long exceptionId) {
        return Row.first(Row.query(em, """
                SELECT id FROM identity_decision WHERE exception_id = :x AND decision = :decision ORDER BY id DESC""")
                .setParameter("x", exceptionId).setParameter("decision", Decision.SAME_PERSON.code)).orElseThrow().id("id");
    }

    /** Records a decision (undo included); returns its id. */
    long recordDecision(long exceptionId, Decision decision, Long linkedClientId, String reason, String by, Instant at) {
        return Row.all(Row.query(em, """
                INSERT INTO identity_decision (exception_id, decision, linked_client_id, reason, decided_by, decided_at)
                VALUES (:x, :decision, NULLIF(CAST(:linked AS BIGINT), -1), :reason, :by, :now) RETURNING id""")
                .setParameter("x", exceptionId).setParameter("decision", decision.code)
                .setParameter("linked", linkedClientId == null ? -1L : linkedClientId)
                .setParameter("reason", reason.isEmpty() ? null : reason).setParameter("by", by)
                .setParameter("now", at)).get(0).id("id");
    }

    /** Closes the exception with the decision now in force ({@code linkedClientId} only for "same person"). */
    void resolve(long exceptionId, Decision decision, Long linkedClientId, String reason, String by, Instant at) {
        em.createNativeQuery("""
                UPDATE identity_exception SET status = :status, decision = :decision, linked_client_id = NULLIF(CAST(:linked AS BIGINT), -1),
                    reason = :reason, resolved_by = :by, resolved_at = :now WHERE id = :id""")
                .setParameter("status", ExceptionStatus.RESOLVED.code).setParameter("decision", decision.code)
                .setParameter("linked", linkedClientId == null ? -1L : linkedClientId)
                .setParameter("reason", reason.isEmpty() ? null : reason).setParameter("by", by).setParameter("now", at)
                .setParameter("id", exceptionId).executeUpdate();
    }

    /** Opens the exception again, with no decision in force. */
    void reopen(long exceptionId) {
        em.createNativeQuery("""
                UPDATE identity_exception SET status = :status, decision = NULL, linked_client_id = NULL, reason = NULL, resolved_by = NULL,
                    resolved_at = NULL WHERE id = :id""")
                .setParameter("status", ExceptionStatus.OPEN.code).setParameter("id", exceptionId).executeUpdate();
    }
}
