package org.carerelay.handover;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import org.carerelay.sql.Row;

/**
 * The SQL of queries on a handover ({@code handover_query}): raised by recipients (or automatically for missing
 * parts), answered by the source, marked corrected by a correction. Rows are read by column name into records.
 */
@ApplicationScoped
public class HandoverQueryStore {

    /** A query on one version, as the handover page lists it. */
    record OnVersion(long id, String field, QueryKind kind, String text, String raisedBy, long raisedByAgencyId, Instant raisedAt,
            boolean automatic, QueryStatus status, String answer) {

        static OnVersion of(Row r) {
            return new OnVersion(r.id("id"), r.text("field"), kindOf(r), r.text("text"), r.text("raised_by"),
                    r.id("raised_by_agency_id"), r.instant("raised_at"), r.bool("automatic"), QueryStatus.of(r.text("status")),
                    r.text("answer"));
        }
    }

    /** An open query on a handover the agency sent. */
    record OpenForSource(long id, long handoverId, String clientName, String field, QueryKind kind, String text, String raisedByAgency,
            Instant raisedAt) {
    }

    /** This version and its earlier ones (and later ones: a recipient of v1 keeps seeing its queries). */
    static final String CHAIN = """
            WITH RECURSIVE back(id, previous_id) AS (
                SELECT id, previous_id FROM handover WHERE id = :h
                UNION SELECT p.id, p.previous_id FROM handover p JOIN back b ON p.id = b.previous_id),
            fwd(id) AS (SELECT id FROM handover WHERE id = :h
                UNION SELECT n.id FROM handover n JOIN fwd f ON n.previous_id = f.id)
            SELECT id FROM back UNION SELECT id FROM fwd""";

    @Inject
    EntityManager em;

    /** The queries raised on this version, oldest first. */
    List<OnVersion> onVersion(long handoverId) {
        return Row.all(Row.query(em, """
                SELECT q.id, q.field, q.kind, q.text, q.raised_by, q.raised_by_agency_id, q.raised_at, q.automatic, q.status, q.answer
                FROM handover_query q WHERE q.handover_id = :h ORDER BY q.raised_at, q.id""")
                .setParameter("h", handoverId)).stream().map(OnVersion::of).toList();
    }

    /** The queries on this version and every other version of its chain, oldest first. */
    List<HandoverQueries.QueryRow> onChain(long handoverId) {
        return Row.all(Row.query(em, """
                SELECT q.id, q.handover_id, h.version, q.field, q.kind, q.text, q.raised_by, ag.name AS agency, q.raised_at,
                       q.automatic, q.status, q.answer, q.answered_by, q.answered_at, q.correction_handover_id
                FROM handover_query q JOIN handover h ON h.id = q.handover_id JOIN agency ag ON ag.id = q.raised_by_agency_id
                WHERE q.handover_id IN (""" + CHAIN + ") ORDER BY q.raised_at, q.id")
                .setParameter("h", handoverId)).stream()
                .map(r -> new HandoverQueries.QueryRow(r.id("id"), r.id("handover_id"), r.integer("version"), r.text("field"), kindOf(r),
                        r.text("text"), r.text("raised_by"), r.text("agency"), r.instant("raised_at"), r.bool("automatic"),
                        QueryStatus.of(r.text("status")), r.text("answer"), r.text("answered_by"), r.instant("answered_at"),
                        r.nullableNumber("correction_handover_id")))
                .toList();
    }

    /** Up to 50 open queries on handovers the agency sent, newest first ('open' stays a literal for the partial index). */
    List<OpenForSource> openForSource(long agencyId) {
        return Row.all(Row.query(em, """
                SELECT q.id, q.handover_id,
                       concat_ws(' ', h.document->'client'->>'givenName', h.document->'client'->>'familyName') AS client_name,
                       q.field, q.kind, q.text, ag.name AS agency, q.raised_at
                FROM handover_query q JOIN handover h ON h.id = q.handover_id JOIN agency ag ON ag.id = q.raised_by_agency_id
                WHERE q.status = 'open' AND h.source_agency_id = :a ORDER BY q.raised_at DESC, q.id DESC LIMIT 50""")
                .setParameter("a", agencyId)).stream()
                .map(r -> new OpenForSource(r.id("id"), r.id("handover_id"), r.text("client_name"), r.text("field"), kindOf(r),
                        r.text("text"), r.text("agency"), r.instant("raised_at")))
                .toList();
    }

    /** A recipient's query; returns its id. */
    long raise(long handoverId, String field, QueryKind kind, String text, String username, long agencyId, Instant now) {
        return Row.all(Row.query(em, """
                INSERT INTO handover_query (handover_id, field, kind, text, raised_by, raised_by_agency_id, raised_at)
                VALUES (:h, :f, :k, :t, :u, :a, :now) RETURNING id""")
                .setParameter("h", handoverId).setParameter("f", field).setParameter("k", kind.code).setParameter("t", text)
                .setParameter("u", username).setParameter("a", agencyId).setParameter("now", now)).get(0).id("id");
    }

    /** The query CareRelay raises itself when a handover is shared without required parts. */
    void raiseAutomatic(long handoverId, String text, long sourceAgencyId, Instant now) {
        em.createNativeQuery("""
                INSERT INTO handover_query (handover_id, field, kind, text, raised_by, raised_by_agency_id, raised_at, automatic)
                VALUES (:h, NULL, :k, :text, 'CareRelay', :agency, :now, true)""")
                .setParameter("h", handoverId).setParameter("k", QueryKind.MISSING.code).setParameter("text", text)
                .setParameter("agency", sourceAgencyId).setParameter("now", now).executeUpdate();
    }

    /** Answers the query if it is open on the handover's chain; false when it is not (already answered or corrected). */
    boolean answer(long handoverId, long queryId, String text, String username, Instant now) {
        return em.createNativeQuery("""
                UPDATE handover_query SET status = :answered, answer = :t, answered_by = :u, answered_at = :now
                WHERE id = :q AND status = :open AND handover_id IN (""" + CHAIN + ")")
                .setParameter("answered", QueryStatus.ANSWERED.code).setParameter("open", QueryStatus.OPEN.code)
                .setParameter("t", text).setParameter("u", username).setParameter("now", now)
                .setParameter("q", queryId).setParameter("h", handoverId).executeUpdate() > 0;
    }

    /** Marks the old version's open queries corrected by the new version; returns their ids. */
    List<Long> markCorrected(long oldHandoverId, long correctionId) {
        return Row.all(Row.query(em, """
                UPDATE handover_query SET status = :corrected, correction_handover_id = :n
                WHERE handover_id = :old AND status = :open RETURNING id""")
                .setParameter("corrected", QueryStatus.CORRECTED.code).setParameter("open", QueryStatus.OPEN.code)
                .setParameter("n", correctionId).setParameter("old", oldHandoverId)).stream().map(r -> r.id("id")).sorted().toList();
    }

    private static QueryKind kindOf(Row r) {
        return QueryKind.of(r.text("kind")).orElseThrow();
    }
}
