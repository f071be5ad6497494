package org.carerelay.audit;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The unsealed backlog: committed entries after the last sealed one, and how long the oldest has
 * waited. The gauges {@code carerelay_audit_unsealed_age_seconds} and {@code carerelay_audit_unsealed_entries}
 * show it (refreshed by every instance's sealer run); {@link AuditSealHealth} raises the alarm.
 */
@Startup
@ApplicationScoped
public class AuditSealMonitor {

    /** Counting stops here: a backlog this large is reported as "at least". */
    static final int COUNT_LIMIT = 100_000;

    /** The unsealed backlog: committed entries not sealed yet, and the time of the oldest in seal order. */
    public record Backlog(long entries, boolean atLeast, Instant oldest, Duration age, long lastEpoch, Instant lastSealedAt) {
        public long ageSeconds() {
            return age.toSeconds();
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "carerelay.audit.unsealed-alarm")
    Duration alarm;

    private final AtomicReference<Backlog> latest = new AtomicReference<>();

    @PostConstruct
    void register() {
        Gauge.builder("carerelay.audit.unsealed.age", this, m -> m.latest.get() == null ? 0 : m.latest.get().age().toMillis() / 1000.0)
                .baseUnit("seconds").description("Age of the oldest committed audit entry not sealed yet (0: none)").strongReference(true)
                .register(registry);
        Gauge.builder("carerelay.audit.unsealed.entries", this, m -> m.latest.get() == null ? 0 : m.latest.get().entries())
                .description("Committed audit entries not sealed yet (counted up to " + COUNT_LIMIT + ")").strongReference(true)
                .register(registry);
    }

    public Duration alarm() {
        return alarm;
    }

    /** Reads the backlog now and keeps it for the gauges. */
    public Backlog refresh() {
        Backlog b = backlog();
        latest.set(b);
        return b;
    }

    public Backlog backlog() {
        // plain JDBC, as the sealer itself: read on the sealer's schedule and by the health check, outside any request or transaction
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                WITH last AS (SELECT number, last_txid, last_entry, sealed_at FROM audit_epoch ORDER BY number DESC LIMIT 1),
                     unsealed AS (SELECT e.at FROM audit_entry e
                                  WHERE (e.txid, e.id) > (coalesce((SELECT last_txid FROM last), '0'::xid8), coalesce((SELECT last_entry FROM last), 0))
                                  ORDER BY e.txid, e.id LIMIT ?)
                SELECT (SELECT count(*) FROM unsealed) AS unsealed, (SELECT min(at) FROM unsealed) AS oldest,
                       (SELECT number FROM last) AS epoch, (SELECT sealed_at FROM last) AS sealed_at""")) {
            s.setInt(1, COUNT_LIMIT);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long count = r.getLong("unsealed");
                Timestamp oldest = r.getTimestamp("oldest");
                Timestamp sealedAt = r.getTimestamp("sealed_at");
                Instant now = clock.instant();
                Duration age = oldest == null || oldest.toInstant().isAfter(now) ? Duration.ZERO : Duration.between(oldest.toInstant(), now);
                return new Backlog(count, count >= COUNT_LIMIT, oldest == null ? null : oldest.toInstant(), age, r.getLong("epoch"),
                        sealedAt == null ? null : sealedAt.toInstant());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the audit sealing backlog failed: " + e.getMessage(), e);
        }
    }
}
