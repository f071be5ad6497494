package org.carerelay.deliveries;

import org.carerelay.sql.AdvisoryLock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.carerelay.sql.AdvisoryLock;
import io.quarkus.scheduler.Scheduled;
import org.carerelay.sql.AdvisoryLock;
import jakarta.enterprise.context.ApplicationScoped;
import org.carerelay.sql.AdvisoryLock;
import jakarta.inject.Inject;
import org.carerelay.sql.AdvisoryLock;
import jakarta.persistence.EntityManager;
import org.carerelay.sql.AdvisoryLock;
import java.time.Clock;
import org.carerelay.sql.AdvisoryLock;
import java.time.Instant;
import org.carerelay.sql.AdvisoryLock;
import java.time.temporal.ChronoUnit;
import org.carerelay.sql.AdvisoryLock;
import java.util.List;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.access.Purpose;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.audit.AuditLog;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.audit.AuditRecord;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.fanout.Announcement;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.fanout.FanOut;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.sql.SqlValues;
import org.carerelay.sql.AdvisoryLock;
import org.jboss.logging.Logger;

/**
 * Escalates overdue work to the recipient's team lead: every open delivery past its due time that
 * nobody escalated yet gets {@code escalated_at}, an "escalate" transition by "system" (state
 * unchanged), a write entry in the audit trail and a change announcement, so open worklists,
 * the team lead's page and the source's "Sent" page show it.
 *
 * <p>Runs on every app instance (quarkus-scheduler, {@code carerelay.escalation.every}) and yet
 * escalates each delivery exactly once: each batch is one transaction that first takes a
 * transaction-scoped advisory lock (an instance that does not get it leaves the run to the one that
 * has it), then locks its rows with {@code FOR UPDATE SKIP LOCKED} and re-checks
 * {@code escalated_at IS NULL} under the lock. A delivery that someone is changing right now is
 * skipped and picked up by the next run (or, if it was completed meanwhile, never).
 *
 * <p>The version is not bumped: escalation changes neither state nor owner, so a form opened
 * before it stays valid. Every other writer locks the row before it writes, so no update is lost.
 */
@ApplicationScoped
public class EscalationJob {

    /** The scheduler's name for this job (tests pause it to drive {@link #runOnce()} themselves). */
    public static final String IDENTITY = "delivery-escalation";
    static final int BATCH_SIZE = 500;
    static final String ACTOR = "system";
    private static final Logger LOG = Logger.getLogger(EscalationJob.class);

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    FanOut fanOut;

    @Inject
    org.carerelay.handover.HandoverItemEscalation handoverItems;

    @Inject
    org.carerelay.push.Outbox outbox;

    /** One escalated delivery, as the batch statement returns it. */
    record Escalated(long deliveryId, long clientId, long recipientAgencyId, long sourceAgencyId, Instant dueAt) {
    }

    @Scheduled(identity = IDENTITY, every = "${carerelay.escalation.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warnf(e, "escalation run failed; the next run tries again");
        }
    }

    /**
     * Escalates what is overdue now, batch after batch, and returns how many deliveries this call
     * escalated (0 when another instance or thread holds the run).
     */
    public int runOnce() {
        Instant now = clock.instant();
        int total = 0;
        while (true) {
            List<Escalated> batch = QuarkusTransaction.requiringNew().call(() -> escalateBatch(now));
            if (batch == null) {
                break; // someone else is running: they finish the run
            }
            total += batch.size();
            if (batch.size() < BATCH_SIZE) {
                break;
            }
        }
        if (total > 0) {
            LOG.infof("Escalation: %d overdue deliveries escalated to their team leads", total);
        }
        int items = handoverItems.runOnce(now); // handover action items: their own windows, same pattern
        if (items > 0) {
            LOG.infof("Escalation: %d overdue handover action items escalated", items);
        }
        return total;
    }

    /** One batch in the caller's (new) transaction; null when the run lock is held elsewhere. */
    List<Escalated> escalateBatch(Instant now) {
        if (!AdvisoryLock.DELIVERY_ESCALATION.tryTake(em)) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                WITH overdue AS (
                    SELECT d.id FROM delivery d
                    WHERE d.state <> 'completed' AND d.escalated_at IS NULL AND d.due_at < :now
                    ORDER BY d.due_at, d.id
                    LIMIT :batch
                    FOR UPDATE SKIP LOCKED
                ), escalated AS (
                    UPDATE delivery d SET escalated_at = :now
                    FROM overdue o
                    WHERE d.id = o.id AND d.state <> 'completed' AND d.escalated_at IS NULL
                    RETURNING d.id, d.client_id, d.recipient_agency_id, d.event_id, d.state, d.due_at
                ), recorded AS (
                    INSERT INTO delivery_transition (delivery_id, from_state, to_state, action, actor, actor_agency_id, at, reason)
                    SELECT x.id, x.state, x.state, 'escalate', :actor, x.recipient_agency_id, :now,
                           'overdue since ' || to_char(x.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                    FROM escalated x
                    RETURNING delivery_id
                )
                SELECT x.id, x.client_id, x.recipient_agency_id, e.source_agency_id, x.due_at
                FROM escalated x JOIN shared_event e ON e.id = x.event_id
                ORDER BY x.due_at, x.id""")
                .setParameter("now", now).setParameter("batch", BATCH_SIZE).setParameter("actor", ACTOR)
                .getResultList();
        List<Escalated> escalated = rows.stream().map(r -> new Escalated(SqlValues.id(r[0]), SqlValues.id(r[1]),
                SqlValues.id(r[2]), SqlValues.id(r[3]), SqlValues.instant(r[4]))).toList();
        outbox.deliveriesEscalated(escalated.stream().map(Escalated::deliveryId).toList()); // webhooks: same transaction (issue #15)
        for (Escalated x : escalated) {
            audit.recordInTransaction(AuditRecord.write("delivery", x.deliveryId(), x.clientId(), Purpose.CARE_DELIVERY,
                    "escalate (overdue since " + x.dueAt().truncatedTo(ChronoUnit.SECONDS) + ")"));
            fanOut.announce(new Announcement(Announcement.DELIVERY_CHANGED, x.deliveryId(), x.recipientAgencyId(),
                    x.sourceAgencyId(), x.clientId(), ACTOR));
        }
        return escalated;
    }
}
