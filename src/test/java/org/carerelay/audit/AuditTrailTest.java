package org.carerelay.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/** The audit trail is append-only for the application and tamper-evident for everyone. */
@QuarkusTest
@WithTestResource(CareRelayStack.class)
class AuditTrailTest {

    @Inject
    AuditLog audit;

    @Inject
    AuditChain chain;

    @Test
    void theApplicationRoleCannotChangeOrRemoveEntries() throws SQLException {
        audit.record(AuditRecord.list("test", "administration", "append-only check"));
        try (Connection app = TestDatabase.app(); Statement s = app.createStatement()) {
            SQLException update = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE audit_entry SET reason = 'x'"));
            assertTrue(update.getMessage().contains("permission denied"), update.getMessage());
            SQLException delete = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM audit_entry"));
            assertTrue(delete.getMessage().contains("permission denied"), delete.getMessage());
            SQLException truncate = assertThrows(SQLException.class, () -> s.executeUpdate("TRUNCATE audit_entry"));
            assertTrue(truncate.getMessage().contains("permission denied"), truncate.getMessage());
            assertTrue(s.executeQuery("SELECT count(*) FROM audit_entry").next(), "it can read");
        }
    }

    @Test
    void concurrentWritersKeepOneUnbrokenChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            writes.add(pool.submit(() -> {
                start.await();
                audit.record(AuditRecord.list("test", "administration", "concurrent " + n));
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : writes) {
            f.get();
        }
        pool.shutdown();
        AuditChain.Verification result = chain.verify();
        assertNull(result.firstBrokenId(), result.problem());
        assertTrue(result.rowsChecked() >= 200);
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM (SELECT prev_hash FROM audit_entry GROUP BY prev_hash HAVING count(*) > 1) forks"),
                "no two entries share a predecessor");
    }

    @Test
    void aTamperedEntryIsFoundByTheChainCheck() {
        audit.record(AuditRecord.list("test", "administration", "before tampering"));
        audit.record(AuditRecord.list("test", "administration", "to be tampered"));
        audit.record(AuditRecord.list("test", "administration", "after tampering"));
        long victim = TestDatabase.number("SELECT id FROM audit_entry WHERE reason = 'to be tampered' ORDER BY id DESC LIMIT 1");
        assertNull(chain.verify().firstBrokenId());
        // Someone with the owner's rights edits a row behind the application's back.
        TestDatabase.execute("UPDATE audit_entry SET username = 'someone-else' WHERE id = ?", victim);
        try {
            AuditChain.Verification result = chain.verify();
            assertEquals(victim, result.firstBrokenId());
            assertTrue(result.problem().contains("changed"));
        } finally {
            TestDatabase.execute("UPDATE audit_entry SET username = 'system' WHERE id = ?", victim);
        }
        assertNull(chain.verify().firstBrokenId(), "restoring the content restores the chain");
    }
}
