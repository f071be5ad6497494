package org.carerelay.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carerelay.harness.CareRelayStack;
import org.junit.jupiter.api.Test;

/**
 * Someone with the database owner's rights rewrites the whole trail consistently: every hash, root
 * and head recomputed from a changed entry on. Without the sealing key the signatures name the first
 * rewritten epoch; with a stolen key, or with the newest epochs cut off, the head exported earlier does.
 * Each rewrite is verified inside the owner's transaction and rolled back.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class AuditRewriteIT {

    static final KeyPair DEMO = SealKeys.fromPrivate(SealKeysTest.DEMO_PRIVATE);
    static final String DEMO_KEY_ID = SealKeys.keyId(DEMO.getPublic());

    @Test
    void aWholeTrailRewriteWithOwnerRightsIsDetectedAgainstTheSignedHeads() throws Exception {
        List<Long> entries = SealedTrail.write(3, "rewrite target " + UUID.randomUUID());
        SealedTrail.awaitSealed(entries);
        long victim = entries.get(0);
        long victimEpoch = SealedTrail.epochOf(victim);

        // The operator's routine: export the newest signed head and keep the file off the machine.
        Path file = Files.createTempFile(Path.of("target"), "audit-heads-", ".json");
        try (Connection owner = org.carerelay.harness.TestDatabase.owner()) {
            SignedHeads.load(owner, 0, SealedTrail.TRUSTED, Instant.now().toString()).write(file);
        }
        SignedHeads exported = SignedHeads.read(file);
        long exportedEpoch = exported.newest().epoch();
        assertTrue(exportedEpoch >= victimEpoch);

        KeyPair attacker = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        try (Connection owner = SealedTrail.tamperingOwner()) {
            rewrite(owner, victim, attacker);
            AuditVerification withTheRealKey = SealedTrail.verify(owner);
            AuditVerification ifTheAttackersKeyWereTrusted = new AuditVerifier(Map.of(DEMO_KEY_ID, DEMO.getPublic(),
                    SealKeys.keyId(attacker.getPublic()), attacker.getPublic()), null).verify(owner);
            owner.rollback();
            assertTrue(ifTheAttackersKeyWereTrusted.intact(), "the rewrite is consistent: " + ifTheAttackersKeyWereTrusted.summary());
            AuditVerification.Problem first = withTheRealKey.problems().get(0);
            assertEquals("signature", first.kind(), withTheRealKey.summary());
            assertEquals(victimEpoch, first.epoch(), "the first rewritten epoch is named");
            assertFalse(withTheRealKey.problems().stream().anyMatch(p -> List.of("changed", "removed", "reordered").contains(p.kind())),
                    "every hash agrees with the rewritten content: only the signature tells");
        }

        try (Connection owner = SealedTrail.tamperingOwner()) {
            rewrite(owner, victim, DEMO); // even with the sealing key stolen
            AuditVerification alone = SealedTrail.verify(owner);
            AuditVerification againstTheExport = new AuditVerifier(SealedTrail.TRUSTED, exported).verify(owner);
            owner.rollback();
            assertTrue(alone.intact(), "signed with the real key, the rewrite verifies on its own: " + alone.summary());
            assertTrue(againstTheExport.problems().stream().anyMatch(p -> "export".equals(p.kind()) && p.epoch() == exportedEpoch
                    && p.text().contains("differs from the exported head")), againstTheExport.summary());
        }

        try (Connection owner = SealedTrail.tamperingOwner()) {
            // Cut short: the exported epoch and everything after it removed, entries, seals and epochs.
            SealedTrail.execute(owner, "DELETE FROM audit_entry WHERE id IN (SELECT entry_id FROM audit_seal WHERE epoch >= ?)", exportedEpoch);
            SealedTrail.execute(owner, "DELETE FROM audit_seal WHERE epoch >= ?", exportedEpoch);
            SealedTrail.execute(owner, "DELETE FROM audit_epoch WHERE number >= ?", exportedEpoch);
            AuditVerification alone = SealedTrail.verify(owner);
            AuditVerification againstTheExport = new AuditVerifier(SealedTrail.TRUSTED, exported).verify(owner);
            owner.rollback();
            assertTrue(alone.intact(), "a shorter trail is valid on its own: " + alone.summary());
            assertTrue(againstTheExport.problems().stream().anyMatch(p -> "export".equals(p.kind())
                    && p.text().contains("the database ends at epoch " + (exportedEpoch - 1))), againstTheExport.summary());
        }

        try (Connection owner = org.carerelay.harness.TestDatabase.owner()) {
            AuditVerification untouched = new AuditVerifier(SealedTrail.TRUSTED, exported).verify(owner);
            assertTrue(untouched.intact() && untouched.exportChecked(), untouched.summary());
        }
    }

    /** Changes one entry, then recomputes its hash and every epoch from its own on, signed with the given key and labelled with its id. */
    static void rewrite(Connection owner, long entry, KeyPair key) throws SQLException {
        SealedTrail.execute(owner, "UPDATE audit_entry SET reason = 'rewritten by the owner' WHERE id = ?", entry);
        try (PreparedStatement s = owner.prepareStatement("SELECT " + AuditEntryRow.COLUMNS + " FROM audit_entry e WHERE e.id = ?")) {
            s.setLong(1, entry);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                SealedTrail.execute(owner, "UPDATE audit_entry SET hash = ? WHERE id = ?", AuditHashing.rowHash(AuditEntryRow.read(r)), entry);
            }
        }
        long from = SealedTrail.epochOf(entry);
        String previousHead = null;
        List<long[]> epochs = new ArrayList<>();
        try (PreparedStatement s = owner.prepareStatement("SELECT number, first_seq, last_seq, entry_count FROM audit_epoch WHERE number >= ? ORDER BY number")) {
            s.setLong(1, from);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    epochs.add(new long[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)});
                }
            }
        }
        for (long[] e : epochs) {
            if (previousHead == null) {
                previousHead = AuditVerifier.epoch(owner, e[0]).prevHead();
            }
            List<byte[]> leaves = new ArrayList<>();
            try (PreparedStatement s = owner.prepareStatement(
                    "SELECT s.entry_id, a.hash FROM audit_seal s JOIN audit_entry a ON a.id = s.entry_id WHERE s.epoch = ? ORDER BY s.seal_seq")) {
                s.setLong(1, e[0]);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        leaves.add(AuditHashing.leafHash(r.getLong(1), AuditHashing.unhex(r.getString(2))));
                    }
                }
            }
            String root = AuditHashing.hex(MerkleTree.root(leaves));
            String head = AuditHashing.head(previousHead, root, e[3], e[1], e[2]);
            SealedTrail.execute(owner, "UPDATE audit_epoch SET root = ?, prev_head = ?, head = ?, signature = ?, key_id = ? WHERE number = ?",
                    root, previousHead, head, SealKeys.sign(key.getPrivate(), e[0], head), SealKeys.keyId(key.getPublic()), e[0]);
            previousHead = head;
        }
    }
}
