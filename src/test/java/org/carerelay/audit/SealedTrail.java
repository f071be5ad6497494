package org.carerelay.audit;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carerelay.harness.Eventually;
import org.carerelay.harness.TestDatabase;

/** What the audit sealing tests read and write beneath the packaged app: entries, seals, and the verification with the demo key. */
final class SealedTrail {

    static final PublicKey DEMO_KEY = SealKeys.publicKey(SealKeysTest.DEMO_PUBLIC);
    static final Map<String, PublicKey> TRUSTED = Map.of(SealKeys.keyId(DEMO_KEY), DEMO_KEY);
    static final Duration SEALING = Duration.ofSeconds(90);

    private SealedTrail() {
    }

    /** Writes one entry as the application role in its own transaction (as AuditLog does) and returns its id. */
    static long write(Connection app, String reason) throws SQLException {
        try (PreparedStatement s = app.prepareStatement("""
                INSERT INTO audit_entry (at, request_id, username, roles, action, resource_type, purpose, outcome, reason, prev_hash, hash)
                VALUES (now(), ?, 'system', '{}', 'list', 'test', 'administration', 'allowed', ?, '', '') RETURNING id""")) {
            s.setString(1, UUID.randomUUID().toString());
            s.setString(2, reason);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Entries written one transaction each, committed. */
    static List<Long> write(int n, String label) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection app = TestDatabase.app()) {
            for (int i = 0; i < n; i++) {
                ids.add(write(app, label + " " + i));
            }
        }
        return ids;
    }

    static long sealedOf(List<Long> ids) {
        return TestDatabase.number("SELECT count(*) FROM audit_seal WHERE entry_id = ANY(?)", (Object) ids.toArray(new Long[0]));
    }

    /** Waits until the packaged app's sealer (every second) has sealed every one of these entries. */
    static void awaitSealed(List<Long> ids) {
        Eventually.until("the sealer sealed entries " + ids, SEALING, () -> sealedOf(ids) == ids.size());
    }

    static long seal(long entryId) {
        return TestDatabase.number("SELECT seal_seq FROM audit_seal WHERE entry_id = ?", entryId);
    }

    static long epochOf(long entryId) {
        return TestDatabase.number("SELECT epoch FROM audit_seal WHERE entry_id = ?", entryId);
    }

    /** The verification as the portal and the command line run it, trusting the demo key only. */
    static AuditVerification verify(Connection c) throws SQLException {
        return new AuditVerifier(TRUSTED, null).verify(c);
    }

    static AuditVerification verifyNow() throws SQLException {
        try (Connection c = TestDatabase.owner()) {
            return verify(c);
        }
    }

    /** An owner connection in one REPEATABLE READ transaction, for tampering that the test rolls back after verifying. */
    static Connection tamperingOwner() throws SQLException {
        Connection c = TestDatabase.owner();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        return c;
    }

    static int execute(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s.executeUpdate();
        }
    }

    static AuditVerification.Problem problemNaming(AuditVerification v, long entryId) {
        return v.problems().stream().filter(p -> p.entryId() != null && p.entryId() == entryId).findFirst()
                .orElseThrow(() -> new AssertionError("no problem names entry " + entryId + ": " + v.problems()));
    }
}
