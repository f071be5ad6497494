package org.carerelay.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The sealed audit trail as the portal shows it: the full verification ({@link AuditVerifier}, the
 * same code as {@code deploy/local/verify-audit.sh}), inclusion proofs, the signed heads to export,
 * and the sealing backlog. Verification trusts the configured sealing keys only.
 */
@ApplicationScoped
public class AuditChain {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SealKey key;

    @Inject
    AuditSealMonitor monitor;

    @Inject
    Clock clock;

    /** Verifies every sealed entry and epoch. */
    public AuditVerification verify() {
        return verify(null);
    }

    /** Verifies every sealed entry and epoch, and compares the epochs with exported heads (null: none). */
    public AuditVerification verify(SignedHeads exported) {
        try (Connection c = dataSource.getConnection()) {
            return new AuditVerifier(key.trusted(), exported).verify(c);
        } catch (SQLException e) {
            throw new IllegalStateException("verifying the audit trail failed: " + e.getMessage(), e);
        }
    }

    /** The inclusion proof of an entry, or null when it does not exist or is not sealed yet. */
    public InclusionProof proof(long entryId) {
        try (Connection c = dataSource.getConnection()) {
            return InclusionProof.build(c, entryId);
        } catch (SQLException e) {
            throw new IllegalStateException("building the inclusion proof failed: " + e.getMessage(), e);
        }
    }

    /** The signed heads of epochs {@code from}..newest (from <= 0: the newest only). */
    public SignedHeads heads(long from) {
        try (Connection c = dataSource.getConnection()) {
            return SignedHeads.load(c, from, key.trusted(), clock.instant().toString());
        } catch (SQLException e) {
            throw new IllegalStateException("reading the audit heads failed: " + e.getMessage(), e);
        }
    }

    public AuditSealMonitor.Backlog backlog() {
        return monitor.backlog();
    }

    public java.time.Duration alarm() {
        return monitor.alarm();
    }

    public SealKey key() {
        return key;
    }
}
