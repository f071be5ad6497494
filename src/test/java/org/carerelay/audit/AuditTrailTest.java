package org.carerelay.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.carerelay.access.Purpose;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.Eventually;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The audit trail is append-only for the application, an insert waits for no other writer, the
 * verifier hashes an entry exactly as the database does, and one sealer works at a time. The
 * sealer is driven by hand here (it is off in the fast tests); AuditSealIT runs the packaged app's.
 */
@QuarkusTest
@WithTestResource(CareRelayStack.class)
class AuditTrailTest {

    @Inject
    AuditLog audit;

    @Inject
    AuditSealer sealer;

    @Inject
    AuditChain chain;

    /** Seals by hand until the entry has a seal (other sessions on the server can hold sealing back for a moment). */
    void sealUntilSealed(long entryId) {
        Eventually.until("entry " + entryId + " is sealed", Duration.ofSeconds(60), () -> {
            sealer.sealUntilCurrent();
            return TestDatabase.number("SELECT count(*) FROM audit_seal WHERE entry_id = ?", entryId) == 1;
        });
    }

    long entryWithReason(String reason) {
        return TestDatabase.number("SELECT max(id) FROM audit_entry WHERE reason = ?", reason);
    }

    @Test
    void theApplicationRoleCannotChangeOrRemoveEntriesSealsOrEpochs() throws SQLException {
        String reason = "append-only check " + UUID.randomUUID();
        audit.record(AuditRecord.list("test", Purpose.ADMINISTRATION, reason));
        sealUntilSealed(entryWithReason(reason));
        try (Connection app = TestDatabase.app(); Statement s = app.createStatement()) {
            for (String table : List.of("audit_entry", "audit_seal", "audit_epoch")) {
                String column = table.equals("audit_entry") ? "reason = 'x'" : table.equals("audit_seal") ? "epoch = 1" : "root = root";
                for (String sql : List.of("UPDATE " + table + " SET " + column, "DELETE FROM " + table, "TRUNCATE " + table)) {
                    SQLException refused = assertThrows(SQLException.class, () -> s.executeUpdate(sql), sql);
                    assertTrue(refused.getMessage().contains("permission denied"), sql + ": " + refused.getMessage());
                }
                assertTrue(s.executeQuery("SELECT count(*) FROM " + table).next(), "it can read " + table);
            }
        }
    }

    @Test
    void anInsertWaitsForNoOtherWriter() throws SQLException {
        // One transaction has written its entry and stays open; with V3's chain lock every other writer waited for it.
        try (Connection open = TestDatabase.app(); Connection other = TestDatabase.app()) {
            open.setAutoCommit(false);
            insertDirectly(open, "held open " + UUID.randomUUID());
            try (Statement s = other.createStatement()) {
                s.execute("SET statement_timeout = '30s'"); // a safety net so a regression fails instead of hanging
            }
            String reason = "written beside it " + UUID.randomUUID();
            insertDirectly(other, reason);
            assertEquals(1, TestDatabase.number("SELECT count(*) FROM audit_entry WHERE reason = ?", reason), "committed while the other is open");
            open.rollback();
        }
    }

    @Test
    void theVerifierHashesAnEntryExactlyAsTheDatabaseDoes() throws SQLException {
        String tricky = "quote ' backslash \\ pipe | comma , E'x' NULL \u00e9\u4e2d\ud83d\ude00 " + UUID.randomUUID();
        audit.record(new AuditRecord(AuditAction.VIEW, "client-record", "it's 1\\2", 42L, List.of("health", "behavioral,health"),
                List.of("A.x", "B.\"y\"", "C.z\\w"), Purpose.CARE_DELIVERY, true, tricky));
        String agent = "agent \\ with ' quotes " + UUID.randomUUID();
        try (Connection app = TestDatabase.app(); PreparedStatement s = app.prepareStatement("""
                INSERT INTO audit_entry (at, request_id, user_id, username, agency_id, roles, action, resource_type, resource_id, client_id,
                    sensitivity, fields_shown, purpose, outcome, reason, client_address, user_agent, prev_hash, hash)
                VALUES ('2026-11-24 10:00:00.123456+00', 'req''\\', NULL, 'u|1', 7, '{"frontline","team,lead",NULL}', 'view', 't', NULL, NULL,
                        '{}', '{"",""}', 'care_delivery', 'denied', NULL, '10.0.0.1', ?, 'ignored', 'ignored')""")) {
            s.setString(1, agent);
            s.executeUpdate();
        }
        for (String where : List.of("reason = '" + tricky.replace("'", "''") + "'", "user_agent = '" + agent.replace("'", "''") + "'")) {
            try (Connection owner = TestDatabase.owner(); Statement s = owner.createStatement();
                    ResultSet r = s.executeQuery("SELECT " + AuditEntryRow.COLUMNS + ", audit_entry_content(e) FROM audit_entry e WHERE " + where)) {
                assertTrue(r.next(), where);
                AuditEntryRow row = AuditEntryRow.read(r);
                assertEquals(r.getString(22), AuditHashing.content(row), "canonical content");
                assertEquals(row.storedHash(), AuditHashing.rowHash(row), "the hash the trigger stored");
                assertTrue(Long.parseUnsignedLong(row.txid()) > 0, "the writing transaction is recorded");
                assertEquals(null, row.prevHash(), "entries no longer link to each other");
            }
        }
    }

    @Test
    void oneSealerAtATime() throws SQLException {
        String reason = "waits for the sealer " + UUID.randomUUID();
        audit.record(AuditRecord.list("test", Purpose.ADMINISTRATION, reason));
        long entry = entryWithReason(reason);
        try (Connection other = TestDatabase.app(); Statement s = other.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + org.carerelay.sql.AdvisoryLock.AUDIT_SEALER.key + ")"); // another instance is sealing
            assertEquals(SealBatch.BUSY, sealer.sealOnce());
            assertEquals(0, TestDatabase.number("SELECT count(*) FROM audit_seal WHERE entry_id = ?", entry));
            s.execute("SELECT pg_advisory_unlock(" + org.carerelay.sql.AdvisoryLock.AUDIT_SEALER.key + ")");
        }
        sealUntilSealed(entry);
        AuditVerification result = chain.verify();
        assertTrue(result.intact(), result.summary());
    }

    static void insertDirectly(Connection c, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO audit_entry (at, request_id, username, roles, action, resource_type, purpose, outcome, reason, prev_hash, hash)
                VALUES (now(), ?, 'system', '{}', 'list', 'test', 'administration', 'allowed', ?, '', '')""")) {
            s.setString(1, UUID.randomUUID().toString());
            s.setString(2, reason);
            s.executeUpdate();
        }
    }
}
