package org.carerelay.audit;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Proof that one audit entry, with its content as it is now, is in a signed epoch: its row hash,
 * its leaf's audit path to the epoch's Merkle root (RFC 6962), and the epoch's head and signature.
 * {@link #check} verifies it with nothing but the public key; whoever holds the entry itself (an
 * access log export, a copy) recomputes {@code rowHash} from it with {@link AuditHashing#rowHash}.
 */
public record InclusionProof(long entryId, String rowHash, long sealSeq, long epoch, long leafIndex, long treeSize, List<String> path,
        String root, String prevHead, long firstSeq, long lastSeq, String head, String keyId, String signature, String sealedAt) {

    /** No proof can be built: the entry's epoch lost an entry, a seal or itself (the full check names it). */
    public static class Unprovable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unprovable(String message) {
            super(message);
        }
    }

    public String toJson() {
        return AuditJson.write(this);
    }

    public static InclusionProof fromJson(String json) throws java.io.IOException {
        return AuditJson.MAPPER.readValue(json, InclusionProof.class);
    }

    /** What does not hold, in words; empty when the proof verifies. */
    public List<String> check(PublicKey key) {
        List<String> failures = new ArrayList<>();
        byte[] row = AuditHashing.unhex(rowHash);
        byte[] expectedRoot = AuditHashing.unhex(root);
        List<byte[]> siblings = new ArrayList<>();
        for (String p : path) {
            byte[] b = AuditHashing.unhex(p);
            if (b == null) {
                failures.add("the audit path holds something that is not a SHA-256: " + p);
                return failures;
            }
            siblings.add(b);
        }
        if (row == null || expectedRoot == null || AuditHashing.unhex(prevHead) == null) {
            failures.add("the row hash, root or previous head is not a SHA-256");
            return failures;
        }
        if (treeSize != lastSeq - firstSeq + 1 || leafIndex != sealSeq - firstSeq) {
            failures.add("the leaf position does not fit the epoch's seal numbers " + firstSeq + "-" + lastSeq);
        }
        if (!MerkleTree.verifyInclusion(AuditHashing.leafHash(entryId, row), leafIndex, treeSize, siblings, expectedRoot)) {
            failures.add("the audit path does not lead from entry " + entryId + " to the epoch's root");
        }
        if (!AuditHashing.head(prevHead, root, treeSize, firstSeq, lastSeq).equals(head)) {
            failures.add("the epoch's head does not follow from its previous head, root, count and seal numbers");
        }
        if (!SealKeys.verify(key, epoch, head, signature)) {
            failures.add("the head's signature does not verify with the public key " + SealKeys.keyId(key));
        }
        return failures;
    }

    /**
     * The proof for an entry from the database: its leaf from its current content, its siblings from
     * the stored hashes of the epoch's other entries. Null when the entry is not sealed (yet).
     */
    public static InclusionProof build(Connection c, long entryId) throws SQLException {
        long seq;
        long number;
        try (PreparedStatement s = c.prepareStatement("SELECT seal_seq, epoch FROM audit_seal WHERE entry_id = ?")) {
            s.setLong(1, entryId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                seq = r.getLong("seal_seq");
                number = r.getLong("epoch");
            }
        }
        AuditVerification.Epoch epoch = AuditVerifier.epoch(c, number);
        if (epoch == null) {
            throw new Unprovable("entry " + entryId + " is sealed in epoch " + number + ", which does not exist");
        }
        List<byte[]> leaves = new ArrayList<>();
        String rowHash = null;
        try (PreparedStatement s = c.prepareStatement("SELECT s.seal_seq, s.entry_id AS sealed_entry, " + AuditEntryRow.COLUMNS
                + " FROM audit_seal s LEFT JOIN audit_entry e ON e.id = s.entry_id WHERE s.seal_seq BETWEEN ? AND ? ORDER BY s.seal_seq")) {
            s.setLong(1, epoch.firstSeq());
            s.setLong(2, epoch.lastSeq());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long sealedEntry = r.getLong("sealed_entry");
                    AuditEntryRow row = AuditEntryRow.read(r);
                    if (row == null) {
                        throw new Unprovable("entry " + sealedEntry + " of epoch " + number + " is missing: run the full check");
                    }
                    String hash = sealedEntry == entryId ? AuditHashing.rowHash(row) : row.storedHash();
                    if (sealedEntry == entryId) {
                        rowHash = hash;
                    }
                    byte[] bytes = AuditHashing.unhex(hash);
                    leaves.add(AuditHashing.leafHash(sealedEntry, bytes != null ? bytes : new byte[32]));
                }
            }
        }
        int index = (int) (seq - epoch.firstSeq());
        if (index < 0 || index >= leaves.size()) {
            throw new Unprovable("epoch " + number + " lacks seal " + seq + ": run the full check");
        }
        List<String> path = MerkleTree.path(leaves, index).stream().map(AuditHashing::hex).toList();
        return new InclusionProof(entryId, rowHash, seq, number, index, leaves.size(), path, epoch.root(), epoch.prevHead(),
                epoch.firstSeq(), epoch.lastSeq(), epoch.head(), epoch.keyId(), epoch.signature(),
                epoch.sealedAt() == null ? null : epoch.sealedAt().toString());
    }
}
