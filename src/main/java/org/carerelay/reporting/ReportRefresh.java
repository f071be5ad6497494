package org.carerelay.reporting;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Brings the report rollups up to date: every instance schedules {@code report_refresh}, which
 * recomputes the days marked since the last run; its advisory lock lets one session work at a
 * time, and the others return at once (design and freshness: docs/reports.md).
 */
@ApplicationScoped
public class ReportRefresh {

    private static final Logger LOG = Logger.getLogger(ReportRefresh.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    @ConfigProperty(name = "carerelay.time-zone", defaultValue = "America/New_York")
    String timeZone;

    @Scheduled(identity = "report-refresh", every = "${carerelay.reports.refresh-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            int days = refresh();
            if (days > 0) {
                LOG.debugf("Reports: %d day rollups recomputed", days);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "report refresh failed; the next run tries again");
        }
    }

    /** One refresh: the number of day rollups recomputed, or -1 when another session holds the run. */
    public int refresh() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT report_refresh(?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setString(2, timeZone);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("report refresh failed: " + e.getMessage(), e);
        }
    }

    /** Refreshes until nothing marked is left (test support: figures must be current before asserting). */
    public int refreshUntilCurrent() {
        int total = 0;
        for (int attempt = 0; attempt < 200; attempt++) {
            int days = refresh();
            if (days >= 0) {
                total += days;
                if (pending() == 0) {
                    return total;
                }
            } else {
                sleep();
            }
        }
        throw new IllegalStateException("report rollups still have days to recompute after 200 attempts");
    }

    private long pending() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM report_dirty_day");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
