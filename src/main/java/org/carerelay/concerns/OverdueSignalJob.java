package org.carerelay.concerns;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Turns expected events that did not happen by their due time (e.g. a scheduled follow-up with no completed follow-up)
 * into overdue signals, on every instance ({@code carerelay.concerns.check-every}); each expectation is claimed with
 * SKIP LOCKED, so instances never record one twice. Compares with the one clock, so tests move time.
 */
@ApplicationScoped
public class OverdueSignalJob {

    private static final Logger LOG = Logger.getLogger(OverdueSignalJob.class);
    static final int BATCH = 200;

    @Inject
    ConcernEvaluation evaluation;

    @Scheduled(identity = "concern-overdue-signals", every = "${carerelay.concerns.check-every:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            while (evaluation.raiseOverdue(BATCH) == BATCH) {
                LOG.debug("more overdue expectations waiting");
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "overdue signal run failed; the next run tries again");
        }
    }
}
