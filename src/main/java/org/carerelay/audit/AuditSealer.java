package org.carerelay.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Seals committed audit entries into signed epochs ({@link SealBatch}). Every instance schedules it
 * ({@code carerelay.audit.seal-every}); the advisory lock lets one session seal at a time while the
 * others return at once. A run seals batch after batch until nothing sealable is left, so the first
 * run after the upgrade to V16 seals the whole earlier trail. Every instance then refreshes its
 * unsealed-backlog figures for the health check and the metric ({@link AuditSealMonitor}).
 */
@ApplicationScoped
public class AuditSealer {

    /** The scheduler's name for this job. */
    public static final String IDENTITY = "audit-sealer";
    private static final Logger LOG = Logger.getLogger(AuditSealer.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    SealKey key;

    @Inject
    AuditSealMonitor monitor;

    @ConfigProperty(name = "carerelay.audit.seal-batch", defaultValue = "10000")
    int batch;

    @Scheduled(identity = IDENTITY, every = "${carerelay.audit.seal-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sealUntilCurrent();
        } catch (RuntimeException e) {
            LOG.warnf(e, "audit sealing failed; the next run tries again");
        }
        try {
            monitor.refresh();
        } catch (RuntimeException e) {
            LOG.warnf(e, "reading the audit sealing backlog failed");
        }
    }

    /** Seals one epoch: the number of entries sealed, 0 when nothing is sealable, {@link SealBatch#BUSY} when another session seals. */
    public int sealOnce() {
        try (Connection c = dataSource.getConnection()) {
            return SealBatch.sealOne(c, key.pair(), clock, batch,
                    row -> LOG.errorf("audit entry %d: its content no longer matches the hash stored when it was written; sealing the"
                            + " stored hash, so the audit check names it", row.id()));
        } catch (SQLException e) {
            throw new IllegalStateException("sealing audit entries failed: " + e.getMessage(), e);
        }
    }

    /** Seals until nothing sealable is left (or another session seals); returns the number of entries this call sealed. */
    public long sealUntilCurrent() {
        long total = 0;
        while (true) {
            int sealed = sealOnce();
            if (sealed <= 0) {
                break;
            }
            total += sealed;
            if (sealed < batch) {
                break;
            }
        }
        if (total >= batch) {
            LOG.infof("Audit: %d entries sealed", total);
        }
        return total;
    }
}
