package org.carerelay.deliveries;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.fanout.Announcement;
import org.carerelay.fanout.FanOut;
import org.carerelay.handover.HandoverItemEscalation;
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
    DeliveryStore store;

    @Inject
    AuditLog audit;

    @Inject
    FanOut fanOut;

    @Inject
    HandoverItemEscalation handoverItems;

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
        List<Escalated> escalated = store.escalateOverdue(now, BATCH_SIZE, ACTOR);
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
