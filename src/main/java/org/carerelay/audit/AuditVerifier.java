package org.carerelay.audit;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.audit.AuditVerification.Epoch;
import org.carerelay.audit.AuditVerification.Problem;

/**
 * Verifies the sealed audit trail from the raw rows, in Java, trusting nothing computed by the
 * database: every sealed entry against its stored hash and its epoch's Merkle root, seal numbers
 * without gaps and in (txid, id) order, every epoch against the head chain and its Ed25519
 * signature (public keys from configuration, never from the database), optionally every epoch
 * against exported heads, and no entry inside the sealed range without a seal. Plain JDBC, one
 * REPEATABLE READ snapshot, streamed: the portal page and the command line run the same code.
 */
public final class AuditVerifier {

    public static final int MAX_PROBLEMS = 50;

    private final Map<String, PublicKey> trusted;
    private final SignedHeads exported;
    private final List<Problem> problems = new ArrayList<>();
    private long problemsFound;
    private long rows;
    private long epochs;

    /** {@code trusted}: key id to public key; {@code exported}: heads to compare with, or null. */
    public AuditVerifier(Map<String, PublicKey> trusted, SignedHeads exported) {
        this.trusted = trusted;
        this.exported = exported;
    }

    /** Sealed entries of one epoch, as read. */
    private record Sealed(long seq, long epoch, long entryId, AuditEntryRow row) {
    }

    /**
     * Verifies in one REPEATABLE READ transaction of its own; or, when the connection is already in a
     * transaction (auto-commit off), inside the caller's, which should then be REPEATABLE READ too.
     */
    public AuditVerification verify(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            return check(c);
        }
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        try {
            try (java.sql.Statement unlimited = c.createStatement()) {
                unlimited.execute("SET LOCAL statement_timeout = 0"); // reading the whole trail may take minutes
            }
            AuditVerification result = check(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setReadOnly(false);
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(true);
        }
    }

    private AuditVerification check(Connection c) throws SQLException {
        try (PreparedStatement epochQuery = c.prepareStatement(EPOCHS + " ORDER BY number");
                PreparedStatement sealQuery = c.prepareStatement("SELECT s.seal_seq, s.epoch, s.entry_id AS sealed_entry, " + AuditEntryRow.COLUMNS
                        + " FROM audit_seal s LEFT JOIN audit_entry e ON e.id = s.entry_id ORDER BY s.seal_seq")) {
            epochQuery.setFetchSize(500);
            sealQuery.setFetchSize(5000);
            Map<Long, SignedHeads.Head> exportedHeads = new HashMap<>();
            long exportLast = 0;
            if (exported != null) {
                for (SignedHeads.Head h : exported.heads()) {
                    exportedHeads.put(h.epoch(), h);
                    exportLast = Math.max(exportLast, h.epoch());
                    checkExportedSignature(h);
                }
            }
            Epoch last = null;
            try (ResultSet er = epochQuery.executeQuery(); ResultSet sr = sealQuery.executeQuery()) {
                Cursor seals = new Cursor(sr);
                AuditEntryRow previous = null;
                String legacyPrevious = AuditHashing.GENESIS_HEAD;
                long expectedSeq = 1;
                while (er.next()) {
                    Epoch e = epoch(er);
                    epochs++;
                    checkEpoch(e, last, expectedSeq, exportedHeads.get(e.number()));
                    List<Sealed> sealed = new ArrayList<>();
                    while (seals.peek() != null && seals.peek().seq() <= e.lastSeq()) {
                        sealed.add(seals.next());
                    }
                    EpochRows result = checkRows(e, sealed, Math.max(expectedSeq, e.firstSeq()), previous, legacyPrevious);
                    previous = result.previous();
                    legacyPrevious = result.legacyPrevious();
                    expectedSeq = Math.max(expectedSeq, e.lastSeq() + 1);
                    last = e;
                }
                for (Sealed s = seals.next(); s != null; s = seals.next()) {
                    add(new Problem("missing-seal", s.epoch(), s.seq(), s.entryId(), "sealed in no epoch (the seal record was altered)"));
                }
            }
            if (exported != null && exportLast > (last == null ? 0 : last.number())) {
                SignedHeads.Head h = exportedHeads.get(exportLast);
                add(new Problem("export", exportLast, null, null, "the exported heads go up to epoch " + exportLast + " (sealed "
                        + h.sealedAt() + ", seals up to " + h.lastSeq() + ") but the database ends at epoch "
                        + (last == null ? 0 : last.number()) + ": entries sealed after it were removed"));
            }
            if (last != null) {
                unsealedInsideSealedRange(c);
            }
            return new AuditVerification(rows, epochs, last, exported == null ? null : exportLast, List.copyOf(problems), problemsFound);
        }
    }

    private void checkExportedSignature(SignedHeads.Head h) {
        PublicKey key = trusted.get(h.keyId());
        if (key == null || !SealKeys.verify(key, h.epoch(), h.head(), h.signature())) {
            add(new Problem("export", h.epoch(), null, null, "the exported head's signature does not verify with the trusted keys"));
        }
    }

    private void checkEpoch(Epoch e, Epoch previous, long expectedSeq, SignedHeads.Head exportedHead) {
        long expectedNumber = previous == null ? 1 : previous.number() + 1;
        if (e.number() != expectedNumber) {
            add(new Problem("epoch", e.number(), null, null, "epochs " + expectedNumber + "-" + (e.number() - 1) + " are missing"));
        }
        if (e.firstSeq() != expectedSeq) {
            add(new Problem("epoch", e.number(), e.firstSeq(), null, e.firstSeq() > expectedSeq
                    ? "seal numbers " + expectedSeq + "-" + (e.firstSeq() - 1) + " belong to no epoch (removed)"
                    : "its seal numbers overlap the previous epoch's (a fork)"));
        }
        String expectedPrev = previous == null ? AuditHashing.GENESIS_HEAD : previous.head();
        if (!expectedPrev.equals(e.prevHead())) {
            add(new Problem("epoch", e.number(), null, null, "it does not chain to the previous epoch's head (epochs rewritten or forked)"));
        }
        byte[] prev = AuditHashing.unhex(e.prevHead());
        byte[] root = AuditHashing.unhex(e.root());
        if (prev == null || root == null || e.count() != e.lastSeq() - e.firstSeq() + 1
                || !AuditHashing.hex(AuditHashing.head(prev, root, e.count(), e.firstSeq(), e.lastSeq())).equals(e.head())) {
            add(new Problem("epoch", e.number(), null, null, "its head does not follow from its previous head, root, count and seal numbers"));
        }
        PublicKey key = trusted.get(e.keyId());
        if (key == null) {
            add(new Problem("signature", e.number(), null, null, "signed with key " + e.keyId() + ", which is not a trusted sealing key"));
        } else if (!SealKeys.verify(key, e.number(), e.head(), e.signature())) {
            add(new Problem("signature", e.number(), null, null, "its signature does not verify with sealing key " + e.keyId()
                    + " (the epoch was rewritten without the key)"));
        }
        if (exportedHead != null && !exportedHead.head().equals(e.head())) {
            add(new Problem("export", e.number(), null, null, "its head differs from the exported head (exported " + exportedHead.head()
                    + ", now " + e.head() + "): the trail was rewritten after the export"));
        }
    }

    private record EpochRows(AuditEntryRow previous, String legacyPrevious) {
    }

    private EpochRows checkRows(Epoch e, List<Sealed> sealed, long expectedSeq, AuditEntryRow previous, String legacyPrevious) {
        long before = problemsFound;
        Map<String, Long> storedHashes = new HashMap<>();
        for (Sealed s : sealed) {
            if (s.row() != null) {
                storedHashes.put(s.row().storedHash(), s.entryId());
            }
        }
        List<byte[]> leaves = new ArrayList<>(sealed.size());
        boolean complete = true;
        boolean afterGap = false;
        long seq = expectedSeq;
        for (Sealed s : sealed) {
            rows++;
            if (s.seq() > seq) {
                add(new Problem("missing-seal", e.number(), seq, null, "seal numbers " + seq + "-" + (s.seq() - 1)
                        + " are missing: their seals were removed"));
                complete = false;
                afterGap = true;
            }
            seq = s.seq() + 1;
            if (s.epoch() != e.number()) {
                add(new Problem("missing-seal", e.number(), s.seq(), s.entryId(), "its seal names epoch " + s.epoch()));
            }
            AuditEntryRow row = s.row();
            if (row == null) {
                add(new Problem("removed", e.number(), s.seq(), s.entryId(), "the entry is missing: it was removed"));
                complete = false;
                afterGap = true;
                continue;
            }
            String recomputed = AuditHashing.rowHash(row);
            if (!recomputed.equals(row.storedHash())) {
                Long other = storedHashes.get(recomputed);
                add(other != null && other != row.id()
                        ? new Problem("reordered", e.number(), s.seq(), row.id(), "it holds the content sealed for entry " + other
                                + " (entries were swapped)")
                        : new Problem("changed", e.number(), s.seq(), row.id(), "its content does not match its hash (the entry was changed)"));
            } else if (previous != null && previous.compareSealOrder(row) >= 0) {
                add(new Problem("reordered", e.number(), s.seq(), row.id(), "sealed after entry " + previous.id()
                        + ", which comes after it in (txid, id) order (seals were reordered)"));
            } else if ("0".equals(row.txid()) && !afterGap && !legacyPrevious.equals(row.prevHash())) {
                add(new Problem("changed", e.number(), s.seq(), row.id(), "it does not link to the entry before it in the chain written before"
                        + " sealing (V3)"));
            }
            if ("0".equals(row.txid())) {
                legacyPrevious = row.storedHash();
            }
            afterGap = false;
            previous = row;
            leaves.add(AuditHashing.leafHash(row.id(), AuditHashing.unhex(recomputed)));
        }
        if (seq <= e.lastSeq()) {
            add(new Problem("missing-seal", e.number(), seq, null, "seal numbers " + seq + "-" + e.lastSeq() + " are missing: their seals were"
                    + " removed"));
            complete = false;
        }
        if (problemsFound == before && complete && !AuditHashing.hex(MerkleTree.root(leaves)).equals(e.root())) {
            add(new Problem("epoch", e.number(), null, null, "its entries no longer give its Merkle root: an entry and its stored hash"
                    + " were both changed, or its seal record was altered"));
        }
        return new EpochRows(previous, legacyPrevious);
    }

    /** Entries at or before the last sealed one in seal order that have no seal: added to the sealed part afterwards. */
    private void unsealedInsideSealedRange(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT e.id FROM audit_entry e, (SELECT last_txid, last_entry FROM audit_epoch ORDER BY number DESC LIMIT 1) l
                WHERE (e.txid, e.id) <= (l.last_txid, l.last_entry)
                  AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id)
                ORDER BY e.txid, e.id LIMIT ?""")) {
            s.setInt(1, MAX_PROBLEMS);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    add(new Problem("unsealed-in-range", null, null, r.getLong("id"), "it lies inside the sealed part of the trail but has no"
                            + " seal: it was inserted afterwards"));
                }
            }
        }
    }

    private void add(Problem p) {
        problemsFound++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        }
    }

    static final String EPOCHS = "SELECT number, first_seq, last_seq, entry_count, root, prev_head, head, key_id, signature, sealed_at"
            + " FROM audit_epoch";

    static Epoch epoch(ResultSet r) throws SQLException {
        Timestamp at = r.getTimestamp("sealed_at");
        return new Epoch(r.getLong("number"), r.getLong("first_seq"), r.getLong("last_seq"), r.getLong("entry_count"), r.getString("root"),
                r.getString("prev_head"), r.getString("head"), r.getString("key_id"), r.getString("signature"),
                at == null ? null : at.toInstant());
    }

    /** One epoch by number, or null. */
    public static Epoch epoch(Connection c, long number) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(EPOCHS + " WHERE number = ?")) {
            s.setLong(1, number);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? epoch(r) : null;
            }
        }
    }

    /** Reads ahead one sealed row. */
    private static final class Cursor {
        private final ResultSet r;
        private Sealed next;
        private boolean done;

        Cursor(ResultSet r) {
            this.r = r;
        }

        Sealed peek() {
            if (next == null && !done) {
                try {
                    if (r.next()) {
                        next = new Sealed(r.getLong("seal_seq"), r.getLong("epoch"), r.getLong("sealed_entry"), AuditEntryRow.read(r));
                    } else {
                        done = true;
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("reading the seals failed: " + e.getMessage(), e);
                }
            }
            return next;
        }

        Sealed next() {
            Sealed s = peek();
            next = null;
            return s;
        }
    }
}
