package org.carerelay.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.carerelay.harness.Eventually;
import org.carerelay.harness.LocalStack;
import org.carerelay.harness.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The upgrade to V16: entries the V3 chain wrote are sealed into the first epochs as they are (their
 * chain link kept and checked), and a V3 chain broken before the upgrade stops the migration instead
 * of being sealed. Each case migrates the real migrations into a scratch schema of the test database.
 */
class AuditUpgradeTest {

    static final KeyPair KEY = SealKeys.fromPrivate(SealKeysTest.DEMO_PRIVATE);

    @BeforeAll
    static void database() {
        LocalStack.ensurePostgres();
    }

    static Flyway flyway(String schema, String target) {
        return Flyway.configure().dataSource(TestDatabase.URL, "carerelay", "carerelay").schemas(schema).defaultSchema(schema)
                .createSchemas(true).locations("classpath:db/migration").placeholders(Map.of("appRole", "carerelay_app"))
                .target(target).load();
    }

    static Connection in(String schema) throws SQLException {
        Connection c = TestDatabase.owner();
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path = " + schema);
        }
        return c;
    }

    static void write(Connection c, int n, String label) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO audit_entry (at, request_id, username, roles, action, resource_type, purpose, outcome, reason, prev_hash, hash)
                VALUES (now(), ?, 'system', '{}', 'list', 'test', 'administration', 'allowed', ?, '', '')""")) {
            for (int i = 0; i < n; i++) {
                s.setString(1, UUID.randomUUID().toString());
                s.setString(2, label + " " + i + " it's \\ odd");
                s.executeUpdate();
            }
        }
    }

    static void drop(String schema) throws SQLException {
        try (Connection c = TestDatabase.owner(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void entriesChainedBeforeTheUpgradeAreSealedIntoTheFirstEpochs() throws SQLException {
        String schema = "audit_upgrade_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            flyway(schema, "10").migrate();
            try (Connection c = in(schema)) {
                write(c, 25, "before the upgrade");
            }
            flyway(schema, "16").migrate();
            try (Connection c = in(schema)) {
                write(c, 3, "after the upgrade");
                assertEquals(25, count(c, "SELECT count(*) FROM audit_entry WHERE txid = '0' AND prev_hash IS NOT NULL"),
                        "the earlier rows keep their chain link and come first in seal order");
                Eventually.until("all 28 entries are sealed", Duration.ofSeconds(60), () -> {
                    while (SealBatch.sealOne(c, KEY, java.time.Clock.systemUTC(), 10, row -> {
                        throw new AssertionError("entry " + row.id() + " does not match its stored hash");
                    }) > 0) {
                        // batches of 10: several epochs
                    }
                    return count(c, "SELECT count(*) FROM audit_seal") == 28;
                });
                assertEquals(1, count(c, "SELECT seal_seq FROM audit_seal WHERE entry_id = (SELECT min(id) FROM audit_entry)"));
                assertEquals(25, count(c, "SELECT max(s.seal_seq) FROM audit_seal s JOIN audit_entry e ON e.id = s.entry_id WHERE e.txid = '0'"),
                        "the 25 earlier entries are seals 1-25, in id order");
                AuditVerification result = new AuditVerifier(Map.of(SealKeys.keyId(KEY.getPublic()), KEY.getPublic()), null).verify(c);
                assertTrue(result.intact(), result.summary());
                assertEquals(28, result.rowsChecked());
                assertEquals(3, result.epochsChecked());

                // A V3 row changed after the upgrade is still named, and so is a broken V3 link.
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                long relinked = count(c, "SELECT min(id) + 4 FROM audit_entry");
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE audit_entry SET prev_hash = repeat('1', 64), hash = encode(sha256(convert_to(repeat('1', 64) || '|'"
                            + " || audit_entry_content(audit_entry), 'UTF8')), 'hex') WHERE id = " + relinked);
                }
                AuditVerification broken = new AuditVerifier(Map.of(SealKeys.keyId(KEY.getPublic()), KEY.getPublic()), null).verify(c);
                c.rollback();
                assertEquals(relinked, broken.firstBrokenId(), broken.summary());
                assertTrue(broken.problem().contains("does not link to the entry before it"), broken.summary());
            }
        } finally {
            drop(schema);
        }
    }

    @Test
    void aV3ChainBrokenBeforeTheUpgradeStopsTheMigration() throws SQLException {
        String schema = "audit_upgrade_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            flyway(schema, "10").migrate();
            long victim;
            try (Connection c = in(schema); Statement s = c.createStatement()) {
                write(c, 5, "before the upgrade");
                victim = count(c, "SELECT min(id) + 2 FROM audit_entry");
                s.executeUpdate("UPDATE audit_entry SET username = 'someone-else' WHERE id = " + victim);
            }
            FlywayException refused = assertThrows(FlywayException.class, () -> flyway(schema, "16").migrate());
            assertTrue(refused.getMessage().contains("broken at entry " + victim), refused.getMessage());
            try (Connection c = in(schema)) {
                assertEquals(0, count(c, "SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema + "' AND tablename = 'audit_epoch'"),
                        "nothing of V16 stays");
            }
        } finally {
            drop(schema);
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); var r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
