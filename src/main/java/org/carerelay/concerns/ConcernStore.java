package org.carerelay.concerns;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carerelay.sql.Row;
import org.carerelay.sql.SqlValues;

/** The SQL of signals, expectations and concerns; every read follows one of the V19 indexes. */
@ApplicationScoped
public class ConcernStore {

    /** An open or closed concern. */
    public record Concern(long id, long ruleId, long clientId, boolean shadow, Long eventId, Instant raisedAt, String status,
            Instant closedAt, String closedBy, Long closedByAgencyId, String closeReason) {

        public boolean open() {
            return "open".equals(status);
        }

        static Concern of(Row r) {
            return new Concern(r.id("id"), r.id("rule_id"), r.id("client_id"), r.bool("shadow"), r.nullableNumber("event_id"),
                    r.instant("raised_at"), r.text("status"), r.isNull("closed_at") ? null : r.instant("closed_at"), r.text("closed_by"),
                    r.nullableNumber("closed_by_agency_id"), r.text("close_reason"));
        }
    }

    /** An expectation that fell due (the scheduler turns it into an overdue signal). */
    record DueExpectation(long id, long ruleId, String signalKey, long clientId, long eventId, long agencyId, Instant dueAt) {
    }

    static final String CONCERN = "SELECT id, rule_id, client_id, shadow, event_id, raised_at, status, closed_at, closed_by, "
            + "closed_by_agency_id, close_reason FROM concern ";

    @Inject
    EntityManager em;

    /** Records a signal once (a repeat of the same event for the same rule signal is ignored). */
    void recordSignal(long ruleId, long clientId, String key, boolean overdue, long eventId, long agencyId, Instant at) {
        em.createNativeQuery("""
                INSERT INTO concern_signal (rule_id, client_id, signal_key, overdue, event_id, agency_id, at)
                VALUES (:rule, :client, :key, :overdue, :event, :agency, :at) ON CONFLICT (rule_id, event_id, signal_key) DO NOTHING""")
                .setParameter("rule", ruleId).setParameter("client", clientId).setParameter("key", key).setParameter("overdue", overdue)
                .setParameter("event", eventId).setParameter("agency", agencyId).setParameter("at", at).executeUpdate();
    }

    void expect(long ruleId, String key, long clientId, long eventId, String expectedType, Instant dueAt) {
        em.createNativeQuery("""
                INSERT INTO concern_expectation (rule_id, signal_key, client_id, event_id, expected_type, due_at, state)
                VALUES (:rule, :key, :client, :event, :expected, :due, 'waiting') ON CONFLICT (rule_id, event_id, signal_key) DO NOTHING""")
                .setParameter("rule", ruleId).setParameter("key", key).setParameter("client", clientId).setParameter("event", eventId)
                .setParameter("expected", expectedType).setParameter("due", dueAt).executeUpdate();
    }

    /** The expected event arrived: the client's waiting expectations of it, promised before it happened, are met. */
    void settle(long clientId, String type, Instant happenedAt) {
        em.createNativeQuery("""
                UPDATE concern_expectation x SET state = 'met' FROM shared_event e
                WHERE x.client_id = :client AND x.expected_type = :type AND x.state = 'waiting' AND e.id = x.event_id
                  AND e.occurred_at <= :at""")
                .setParameter("client", clientId).setParameter("type", type).setParameter("at", happenedAt).executeUpdate();
    }

    /** Claims up to {@code limit} expectations past their due time (skipping those another instance holds) and marks them overdue. */
    List<DueExpectation> claimDue(Instant now, int limit) {
        return Row.all(Row.query(em, """
                WITH due AS (SELECT id FROM concern_expectation WHERE state = 'waiting' AND due_at < :now ORDER BY due_at
                             LIMIT :limit FOR UPDATE SKIP LOCKED)
                UPDATE concern_expectation x SET state = 'overdue' FROM due, shared_event e
                WHERE x.id = due.id AND e.id = x.event_id
                RETURNING x.id, x.rule_id, x.signal_key, x.client_id, x.event_id, e.source_agency_id, x.due_at""")
                .setParameter("now", now).setParameter("limit", limit)).stream()
                .map(r -> new DueExpectation(r.id("id"), r.id("rule_id"), r.text("signal_key"), r.id("client_id"), r.id("event_id"),
                        r.id("source_agency_id"), r.instant("due_at")))
                .toList();
    }

    /** The pair's signals not yet part of a concern, within a window either side of {@code around} (concern_signal_pair). */
    List<RuleMatching.Hit> freeSignals(long ruleId, long clientId, Instant around, Duration window) {
        return Row.all(Row.query(em, """
                SELECT id, signal_key, agency_id, at FROM concern_signal
                WHERE rule_id = :rule AND client_id = :client AND at BETWEEN :from AND :to AND concern_id IS NULL""")
                .setParameter("rule", ruleId).setParameter("client", clientId).setParameter("from", around.minus(window))
                .setParameter("to", around.plus(window))).stream()
                .map(r -> new RuleMatching.Hit(r.id("id"), r.text("signal_key"), r.id("agency_id"), r.instant("at"))).toList();
    }

    /** The pair's signals not yet part of a concern, at or after {@code since} (added to the open concern). */
    List<Long> freeSignalsSince(long ruleId, long clientId, Instant since) {
        return Row.all(Row.query(em, """
                SELECT id FROM concern_signal WHERE rule_id = :rule AND client_id = :client AND at >= :since AND concern_id IS NULL""")
                .setParameter("rule", ruleId).setParameter("client", clientId).setParameter("since", since)).stream()
                .map(r -> r.id("id")).toList();
    }

    Optional<Concern> openConcern(long ruleId, long clientId) {
        return Row.first(Row.query(em, CONCERN + "WHERE rule_id = :rule AND client_id = :client AND status = 'open'")
                .setParameter("rule", ruleId).setParameter("client", clientId)).map(Concern::of);
    }

    public Optional<Concern> find(long id) {
        return Row.first(Row.query(em, CONCERN + "WHERE id = :id").setParameter("id", id)).map(Concern::of);
    }

    public Optional<Concern> byEvent(long eventId) {
        return Row.first(Row.query(em, CONCERN + "WHERE event_id = :e").setParameter("e", eventId)).map(Concern::of);
    }

    long raise(long ruleId, long clientId, boolean shadow, Instant now) {
        return Row.all(Row.query(em, """
                INSERT INTO concern (rule_id, client_id, shadow, raised_at, status) VALUES (:rule, :client, :shadow, :now, 'open')
                RETURNING id""").setParameter("rule", ruleId).setParameter("client", clientId).setParameter("shadow", shadow)
                .setParameter("now", now)).get(0).id("id");
    }

    void attach(long concernId, List<Long> signalIds) {
        if (!signalIds.isEmpty()) {
            em.createNativeQuery("UPDATE concern_signal SET concern_id = :c WHERE id = ANY(CAST(:ids AS BIGINT[]))")
                    .setParameter("c", concernId).setParameter("ids", SqlValues.arrayLiteral(signalIds)).executeUpdate();
        }
    }

    void setEvent(long concernId, long eventId) {
        em.createNativeQuery("UPDATE concern SET event_id = :e WHERE id = :c").setParameter("e", eventId).setParameter("c", concernId)
                .executeUpdate();
    }

    /** Every agency involved in the concern's signals: each signal event's source and every agency it was delivered to. */
    List<Long> involvedAgencies(long concernId) {
        return Row.all(Row.query(em, """
                SELECT e.source_agency_id AS agency_id FROM concern_signal s JOIN shared_event e ON e.id = s.event_id WHERE s.concern_id = :c
                UNION
                SELECT d.recipient_agency_id FROM concern_signal s JOIN delivery d ON d.event_id = s.event_id WHERE s.concern_id = :c""")
                .setParameter("c", concernId)).stream().map(r -> r.id("agency_id")).toList();
    }

    /** The agencies that already hold a delivery of the event. */
    List<Long> recipients(long eventId) {
        return Row.all(Row.query(em, "SELECT recipient_agency_id FROM delivery WHERE event_id = :e").setParameter("e", eventId))
                .stream().map(r -> r.id("recipient_agency_id")).toList();
    }

    /** Closes an open concern; false when it was closed meanwhile. */
    boolean close(long concernId, String status, String by, long agencyId, String reason, Instant now) {
        return em.createNativeQuery("""
                UPDATE concern SET status = :status, closed_at = :now, closed_by = :by, closed_by_agency_id = :agency, close_reason = :reason
                WHERE id = :id AND status = 'open'""").setParameter("status", status).setParameter("now", now).setParameter("by", by)
                .setParameter("agency", agencyId).setParameter("reason", reason).setParameter("id", concernId).executeUpdate() == 1;
    }

    /** After a steward links a provisional client: its signals, expectations and concerns follow it (an open concern only where the target has none). */
    List<Long> moveClient(long from, long to) {
        em.createNativeQuery("UPDATE concern_signal SET client_id = :to WHERE client_id = :from").setParameter("to", to)
                .setParameter("from", from).executeUpdate();
        em.createNativeQuery("UPDATE concern_expectation SET client_id = :to WHERE client_id = :from").setParameter("to", to)
                .setParameter("from", from).executeUpdate();
        em.createNativeQuery("""
                UPDATE concern c SET client_id = :to WHERE client_id = :from AND NOT (status = 'open' AND EXISTS (
                    SELECT 1 FROM concern o WHERE o.rule_id = c.rule_id AND o.client_id = :to AND o.status = 'open'))""")
                .setParameter("to", to).setParameter("from", from).executeUpdate();
        return Row.all(Row.query(em, "SELECT DISTINCT rule_id FROM concern_signal WHERE client_id = :to").setParameter("to", to))
                .stream().map(r -> r.id("rule_id")).toList();
    }

    /**
     * Undoing a link: the signals and expectations follow their events back to the provisional client (the link moved
     * the events there and back), and so does a concern whose delivery event went back (one raised before the link), or
     * in shadow mode, whose signals all went back. A concern raised over the linked person stays where it was raised.
     */
    void moveBack(long provisional, long target) {
        em.createNativeQuery("""
                UPDATE concern_signal s SET client_id = :p FROM shared_event e
                WHERE e.id = s.event_id AND s.client_id = :t AND e.client_id = :p""")
                .setParameter("p", provisional).setParameter("t", target).executeUpdate();
        em.createNativeQuery("""
                UPDATE concern_expectation x SET client_id = :p FROM shared_event e
                WHERE e.id = x.event_id AND x.client_id = :t AND e.client_id = :p""")
                .setParameter("p", provisional).setParameter("t", target).executeUpdate();
        em.createNativeQuery("""
                UPDATE concern c SET client_id = :p WHERE c.client_id = :t
                  AND CASE WHEN c.event_id IS NOT NULL THEN EXISTS (SELECT 1 FROM shared_event e WHERE e.id = c.event_id AND e.client_id = :p)
                           ELSE EXISTS (SELECT 1 FROM concern_signal s WHERE s.concern_id = c.id)
                                AND NOT EXISTS (SELECT 1 FROM concern_signal s WHERE s.concern_id = c.id AND s.client_id <> :p) END
                  AND NOT (c.status = 'open' AND EXISTS (
                      SELECT 1 FROM concern o WHERE o.rule_id = c.rule_id AND o.client_id = :p AND o.status = 'open'))""")
                .setParameter("p", provisional).setParameter("t", target).executeUpdate();
    }
}
