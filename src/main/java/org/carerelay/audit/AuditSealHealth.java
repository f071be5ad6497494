package org.carerelay.audit;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The alarm for entries that stay unsealed: the health check {@code audit-sealing} goes DOWN when the
 * oldest committed unsealed entry has waited longer than {@code carerelay.audit.unsealed-alarm}. It is
 * a wellness check (in {@code /q/health} and {@code /q/health/well}), never part of the readiness or
 * liveness probes: a lagging sealer must alarm the operator, not take every instance out of service.
 */
@Wellness
@ApplicationScoped
public class AuditSealHealth implements HealthCheck {

    @Inject
    AuditSealMonitor monitor;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("audit-sealing");
        try {
            AuditSealMonitor.Backlog b = monitor.refresh();
            boolean late = b.age().compareTo(monitor.alarm()) > 0;
            return response.status(!late).withData("unsealed_entries", b.entries() + (b.atLeast() ? "+" : ""))
                    .withData("oldest_unsealed_age_seconds", b.ageSeconds()).withData("alarm_after_seconds", monitor.alarm().toSeconds())
                    .withData("last_epoch", b.lastEpoch()).build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
