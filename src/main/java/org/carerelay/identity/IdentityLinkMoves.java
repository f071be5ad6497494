package org.carerelay.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.clients.CareRelationships.LinkedBy;
import org.carerelay.sql.Row;

/**
 * Moves a provisional client's rows to the client a steward linked it to, recording exactly which
 * rows moved (identity_link_move), and moves exactly those back on undo. One statement per kind of
 * row each way. Care relationships keep the one the linked client already had; markers keep the
 * later of the two; relationships the link created are marked {@code identity_steward} with who
 * confirmed them and when.
 */
@ApplicationScoped
class IdentityLinkMoves {

    /** Rows with their own id and a client_id: moved as they are, recorded as a list of ids. */
    static final List<String> BY_ID = List.of("shared_event", "delivery", "handover", "consent_record", "break_glass_grant");

    /** Plain words for what moved, in the order the audit entry names them. */
    static final Map<String, String> WORDS = new LinkedHashMap<>();

    static {
        WORDS.put("shared_event", "events");
        WORDS.put("delivery", "deliveries");
        WORDS.put("handover", "handovers");
        WORDS.put("consent_record", "consent records");
        WORDS.put("break_glass_grant", "emergency accesses");
        WORDS.put("client_identifier", "local ids");
        WORDS.put("client_strong_identifier", "strong identifiers");
        WORDS.put("client_marker", "status markers");
        WORDS.put("care_relationship", "care relationships");
    }

    @Inject
    EntityManager em;

    /** Moves everything of {@code provisional} to {@code target} under this decision; returns how many rows of each kind moved. */
    @Transactional(Transactional.TxType.MANDATORY)
    Map<String, Integer> link(long decisionId, long provisional, long target, String steward, Instant now) {
        for (String table : BY_ID) {
            em.createNativeQuery("""
                    WITH moved AS (UPDATE %s SET client_id = :to WHERE client_id = :from RETURNING id)
                    INSERT INTO identity_link_move (decision_id, kind, rows)
                    SELECT :decision, '%s', jsonb_agg(id ORDER BY id) FROM moved HAVING count(*) > 0""".formatted(table, table))
                    .setParameter("to", target).setParameter("from", provisional).setParameter("decision", decisionId).executeUpdate();
        }
        moveKeyed("client_identifier", "agency_id, local_id", "'agency', agency_id, 'local', local_id", decisionId, provisional, target);
        moveKeyed("client_strong_identifier", "system, value", "'system', system, 'value', value", decisionId, provisional, target);
        em.createNativeQuery("""
                WITH p AS (DELETE FROM client_marker WHERE client_id = :from RETURNING marker, set_by_event_id, set_at),
                     t AS (SELECT marker, set_by_event_id, set_at FROM client_marker WHERE client_id = :to),
                     recorded AS (
                        INSERT INTO identity_link_move (decision_id, kind, rows)
                        SELECT :decision, 'client_marker', jsonb_agg(jsonb_build_object('marker', p.marker, 'event', p.set_by_event_id,
                               'at', p.set_at, 'targetEvent', t.set_by_event_id, 'targetAt', t.set_at))
                        FROM p LEFT JOIN t USING (marker) HAVING count(*) > 0)
                INSERT INTO client_marker (client_id, marker, set_by_event_id, set_at)
                SELECT :to, marker, set_by_event_id, set_at FROM p
                ON CONFLICT (client_id, marker) DO UPDATE SET set_by_event_id = EXCLUDED.set_by_event_id, set_at = EXCLUDED.set_at
                WHERE client_marker.set_at < EXCLUDED.set_at""")
                .setParameter("to", target).setParameter("from", provisional).setParameter("decision", decisionId).executeUpdate();
        em.createNativeQuery("""
                WITH p AS (DELETE FROM care_relationship WHERE client_id = :from
                           RETURNING agency_id, basis, since, linked_by, confirmed_by, confirmed_at),
                     added AS (INSERT INTO care_relationship (client_id, agency_id, basis, since, linked_by, confirmed_by, confirmed_at)
                               SELECT :to, agency_id, basis, since, :linkedBy, :steward, :now FROM p
                               ON CONFLICT (client_id, agency_id) DO NOTHING RETURNING agency_id)
                INSERT INTO identity_link_move (decision_id, kind, rows)
                SELECT :decision, 'care_relationship', jsonb_agg(jsonb_build_object('agency', p.agency_id, 'basis', p.basis,
                       'since', p.since, 'linkedBy', p.linked_by, 'confirmedBy', p.confirmed_by, 'confirmedAt', p.confirmed_at,
                       'added', a.agency_id IS NOT NULL))
                FROM p LEFT JOIN added a USING (agency_id) HAVING count(*) > 0""")
                .setParameter("to", target).setParameter("from", provisional).setParameter("decision", decisionId)
                .setParameter("linkedBy", LinkedBy.IDENTITY_STEWARD.code).setParameter("steward", steward).setParameter("now", now)
                .executeUpdate();
        em.createNativeQuery("UPDATE client SET merged_into_client_id = :to WHERE id = :from")
                .setParameter("to", target).setParameter("from", provisional).executeUpdate();
        return counts(decisionId);
    }

    /**
     * Moves back exactly what {@code decisionId} moved, where it is still on the linked client. A
     * relationship the link created is removed unless the agency has since gained its own reason
     * for it (an event it sent or received about that client, or a local id of its own there).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Map<String, Integer> unlink(long decisionId, long provisional, long target) {
        for (String table : BY_ID) {
            em.createNativeQuery("""
                    UPDATE %s SET client_id = :p WHERE client_id = :t AND id IN (
                        SELECT jsonb_array_elements_text(rows)::BIGINT FROM identity_link_move WHERE decision_id = :d AND kind = '%s')"""
                    .formatted(table, table))
                    .setParameter("p", provisional).setParameter("t", target).setParameter("d", decisionId).executeUpdate();
        }
        em.createNativeQuery("""
                UPDATE client_identifier i SET client_id = :p
                FROM (SELECT (r->>'agency')::BIGINT AS agency, r->>'local' AS local FROM identity_link_move m, jsonb_array_elements(m.rows) r
                      WHERE m.decision_id = :d AND m.kind = 'client_identifier') x
                WHERE i.agency_id = x.agency AND i.local_id = x.local AND i.client_id = :t""")
                .setParameter("p", provisional).setParameter("t", target).setParameter("d", decisionId).executeUpdate();
        em.createNativeQuery("""
                UPDATE client_strong_identifier s SET client_id = :p
                FROM (SELECT r->>'system' AS system, r->>'value' AS value FROM identity_link_move m, jsonb_array_elements(m.rows) r
                      WHERE m.decision_id = :d AND m.kind = 'client_strong_identifier') x
                WHERE s.system = x.system AND s.value = x.value AND s.client_id = :t""")
                .setParameter("p", provisional).setParameter("t", target).setParameter("d", decisionId).executeUpdate();
        String markers = "SELECT r FROM identity_link_move m, jsonb_array_elements(m.rows) r WHERE m.decision_id = :d AND m.kind = 'client_marker'";
        em.createNativeQuery("""
                WITH x AS (%s),
                restored AS (
                    UPDATE client_marker c SET set_by_event_id = (x.r->>'targetEvent')::BIGINT, set_at = (x.r->>'targetAt')::TIMESTAMPTZ
                    FROM x WHERE c.client_id = :t AND c.marker = x.r->>'marker' AND c.set_by_event_id = (x.r->>'event')::BIGINT
                      AND x.r->>'targetEvent' IS NOT NULL RETURNING c.marker),
                removed AS (
                    DELETE FROM client_marker c USING x WHERE c.client_id = :t AND c.marker = x.r->>'marker'
                      AND c.set_by_event_id = (x.r->>'event')::BIGINT AND x.r->>'targetEvent' IS NULL RETURNING c.marker)
                INSERT INTO client_marker (client_id, marker, set_by_event_id, set_at)
                SELECT :p, x.r->>'marker', (x.r->>'event')::BIGINT, (x.r->>'at')::TIMESTAMPTZ FROM x
                ON CONFLICT (client_id, marker) DO NOTHING""".formatted(markers))
                .setParameter("p", provisional).setParameter("t", target).setParameter("d", decisionId).executeUpdate();
        String relationships = "SELECT r FROM identity_link_move m, jsonb_array_elements(m.rows) r WHERE m.decision_id = :d AND m.kind = 'care_relationship'";
        em.createNativeQuery("""
                INSERT INTO care_relationship (client_id, agency_id, basis, since, linked_by, confirmed_by, confirmed_at)
                SELECT :p, (x.r->>'agency')::BIGINT, x.r->>'basis', (x.r->>'since')::TIMESTAMPTZ, x.r->>'linkedBy', x.r->>'confirmedBy',
                       (x.r->>'confirmedAt')::TIMESTAMPTZ
                FROM (%s) x
                ON CONFLICT (client_id, agency_id) DO NOTHING""".formatted(relationships))
                .setParameter("p", provisional).setParameter("d", decisionId).executeUpdate();
        em.createNativeQuery("""
                DELETE FROM care_relationship c USING (%s) x
                WHERE c.client_id = :t AND c.agency_id = (x.r->>'agency')::BIGINT AND (x.r->>'added')::BOOLEAN
                  AND c.linked_by = :linkedBy
                  AND NOT EXISTS (SELECT 1 FROM shared_event e WHERE e.client_id = :t AND e.source_agency_id = c.agency_id)
                  AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.client_id = :t AND d.recipient_agency_id = c.agency_id)
                  AND NOT EXISTS (SELECT 1 FROM client_identifier i WHERE i.client_id = :t AND i.agency_id = c.agency_id)"""
                .formatted(relationships))
                .setParameter("t", target).setParameter("d", decisionId).setParameter("linkedBy", LinkedBy.IDENTITY_STEWARD.code)
                .executeUpdate();
        em.createNativeQuery("UPDATE client SET merged_into_client_id = NULL WHERE id = :p").setParameter("p", provisional).executeUpdate();
        return counts(decisionId);
    }

    /** Moves a table's rows keyed by other columns than an id, recording each row's key as a JSON object. */
    private void moveKeyed(String table, String key, String keyAsJson, long decisionId, long provisional, long target) {
        em.createNativeQuery("""
                WITH moved AS (UPDATE %1$s SET client_id = :to WHERE client_id = :from RETURNING %2$s)
                INSERT INTO identity_link_move (decision_id, kind, rows)
                SELECT :decision, '%1$s', jsonb_agg(jsonb_build_object(%3$s))
                FROM moved HAVING count(*) > 0""".formatted(table, key, keyAsJson))
                .setParameter("to", target).setParameter("from", provisional).setParameter("decision", decisionId).executeUpdate();
    }

    /** How many rows of each kind a decision moved, in the order of {@link #WORDS}. */
    Map<String, Integer> counts(long decisionId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        WORDS.keySet().forEach(kind -> counts.put(kind, 0));
        Row.all(Row.query(em, "SELECT kind, jsonb_array_length(rows) AS moved FROM identity_link_move WHERE decision_id = :d")
                .setParameter("d", decisionId)).forEach(r -> counts.put(r.text("kind"), r.integer("moved")));
        return counts;
    }

    /** "2 events, 3 deliveries, 1 local id…": what moved, in words, for the audit entry and the confirmation. */
    static String describe(Map<String, Integer> counts) {
        List<String> parts = counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + WORDS.get(e.getKey())).toList();
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }
}
