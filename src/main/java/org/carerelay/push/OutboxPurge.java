package org.carerelay.push;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import org.carerelay.sql.AdvisoryLock;
import org.jboss.logging.Logger;

/**
 * The outbox's retention: delivered messages older than {@code carerelay.webhook.retention} (default 30 days) are
 * deleted in small batches, each its own short transaction under the purge lock, so one instance purges at a time and
 * no batch holds locks for long. Dead letters and messages still to send are never purged (a dead letter stays until
 * it is resent, or its endpoint is deleted). Compares with the one clock, so tests move time.
 */
@ApplicationScoped
public class OutboxPurge {

    public static final String IDENTITY = "webhook-purge";
    private static final Logger LOG = Logger.getLogger(OutboxPurge.class);
    static final int BATCH = 500;
    /** Batches per run at most; what is left waits for the next run. */
    static final int MAX_BATCHES = 200;

    @Inject
    OutboxStore store;

    @Inject
    WebhookConfig config;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Scheduled(identity = IDENTITY, every = "${carerelay.webhook.purge-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warnf(e, "webhook purge failed; the next run tries again");
        }
    }

    /** Deletes what the retention lets go; returns how many messages (0 when another instance is purging). */
    public int runOnce() {
        Instant cutoff = clock.instant().minus(config.retention());
        int total = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int deleted = QuarkusTransaction.requiringNew().call(() ->
                    AdvisoryLock.WEBHOOK_PURGE.tryTake(em) ? store.purgeDelivered(cutoff, BATCH) : -1);
            if (deleted < 0) {
                break;
            }
            total += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        if (total > 0) {
            LOG.infof("Webhook purge: deleted %d delivered message(s) delivered before %s", total, cutoff);
        }
        return total;
    }
}
