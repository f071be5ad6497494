package org.carerelay.audit;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Benchmark builds only: lets the benchmark measure what auditing costs (docs/benchmarks.md, P2) by
 * skipping the audit entries of views and lists on one instance ({@code CARERELAY_AUDIT_BENCHMARK_BYPASS=true}).
 * The bean exists only in a jar built with {@code -Dcarerelay.bench=true} (deploy/bench/lib.sh); in every
 * other build there is no such bean and no switch, whatever the environment says.
 */
@ApplicationScoped
@IfBuildProperty(name = "carerelay.bench", stringValue = "true")
public class AuditBenchmarkBypass {

    @ConfigProperty(name = "carerelay.audit.benchmark-bypass", defaultValue = "false")
    boolean bypass;

    /** True when this record would be skipped: never a write, never a refusal. */
    boolean skips(AuditRecord record) {
        return bypass && record.allowed() && record.action() != AuditAction.WRITE;
    }
}
