package org.carerelay.reporting;

import org.carerelay.clock.NetworkTimeZone;
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
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Brings the report rollups up to date: every instance schedules it; each step of
 * {@code report_refresh_step} recomputes a few of the days marked since the last run in its own
 * short transaction, and its advisory lock lets one session work at a time while the others return
 * at once (design and freshness: docs/reports.md).
 */
@ApplicationScoped
public class ReportRefresh {

    private static final Logger LOG = Logger.getLogger(ReportRefresh.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    NetworkTimeZone network;

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

    /** Day recomputes per step: each step is one short transaction (see V9__report_refresh_in_steps.sql). */
    static final int STEP = 16;

    /**
     * One refresh: steps until the marks seen are drained, then records the start time as the
     * figures' "as of". Returns the number of day rollups recomputed, or -1 when another session
     * holds the run.
     */
    public int refresh() {
        Instant start = clock.instant();
        int total = 0;
        while (true) {
            int done = step(start);
            if (done < 0) {
                return total == 0 ? -1 : total;
            }
            total += done;
            if (done < STEP) {
                break;
            }
        }
        execute("UPDATE report_setting SET refreshed_at = ?", start);
        return total;
    }

    // plain JDBC: each step must commit on its own short connection, whatever transaction the caller is in
    private int step(Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT report_refresh_step(?, ?, ?) AS days")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, network.timeZone().getId());
            ps.setInt(3, STEP);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt("days");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("report refresh failed: " + e.getMessage(), e);
        }
    }

    private void execute(String sql, Instant at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.executeUpdate();
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
                PreparedStatement ps = c.prepareStatement("SELECT count(*) AS pending FROM report_dirty_day");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong("pending");
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
