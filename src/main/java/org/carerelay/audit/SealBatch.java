package org.carerelay.audit;

import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.carerelay.sql.AdvisoryLock;

/**
 * Seals one batch of committed audit entries into the next epoch, in one transaction on the given
 * connection (plain JDBC: the application's sealer and the benchmark harness use it).
 *
 * <ol>
 * <li>{@code pg_try_advisory_xact_lock}: one sealer at a time across instances; the others return at once.
 * <li>The next rows after the last sealed one in (txid, id) order whose transaction is below
 * {@code pg_snapshot_xmin(pg_current_snapshot())}: every transaction below it has ended, so a
 * committed row there is visible now and no later batch can ever find one before it. A row of a
 * transaction still open waits, and every row after it in seal order waits with it.
 * <li>Seal numbers continue the last epoch's without a gap; the epoch's Merkle root covers the rows'
 * leaves; its head chains to the previous head and is signed with the key the database never sees.
 * </ol>
 */
public final class SealBatch {
    /** Returned by {@link #sealOne} when another session holds the sealer. */
    public static final int BUSY = -1;

    private SealBatch() {
    }

    /** The last epoch, as sealing continues from it. */
    record Last(long number, long lastSeq, String head, String lastTxid, long lastEntry) {
        static final Last NONE = new Last(0, 0, AuditHashing.GENESIS_HEAD, "0", 0);
    }

    /**
     * Seals up to {@code maxRows} entries as one epoch and commits ({@code clock}: the epoch's sealed_at). Returns the number sealed (0:
     * nothing to seal), or {@link #BUSY}. {@code mismatch} hears of rows whose content no longer
     * matches the hash stored at insert (changed before sealing): the stored hash is sealed, so
     * verification names the row.
     */
    public static int sealOne(Connection c, KeyPair key, Clock clock, int maxRows, Consumer<AuditEntryRow> mismatch) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            int sealed = seal(c, key, clock, maxRows, mismatch);
            c.commit();
            return sealed;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static int seal(Connection c, KeyPair key, Clock clock, int maxRows, Consumer<AuditEntryRow> mismatch) throws SQLException {
        if (!AdvisoryLock.AUDIT_SEALER.tryTake(c)) {
            return BUSY;
        }
        Last last = last(c);
        List<AuditEntryRow> rows = unsealed(c, last, maxRows);
        if (rows.isEmpty()) {
            return 0;
        }
        java.time.Instant now = clock.instant(); // sealed at: once the rows are read
        List<byte[]> leaves = new ArrayList<>(rows.size());
        Long[] ids = new Long[rows.size()];
        Long[] seqs = new Long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            AuditEntryRow row = rows.get(i);
            String recomputed = AuditHashing.rowHash(row);
            byte[] stored = AuditHashing.unhex(row.storedHash());
            if (stored == null || !recomputed.equals(row.storedHash())) {
                mismatch.accept(row);
            }
            leaves.add(AuditHashing.leafHash(row.id(), stored != null ? stored : AuditHashing.unhex(recomputed)));
            ids[i] = row.id();
            seqs[i] = last.lastSeq() + 1 + i;
        }
        long number = last.number() + 1;
        long firstSeq = last.lastSeq() + 1;
        long lastSeq = last.lastSeq() + rows.size();
        String root = AuditHashing.hex(MerkleTree.root(leaves));
        String head = AuditHashing.head(last.head(), root, rows.size(), firstSeq, lastSeq);
        AuditEntryRow end = rows.get(rows.size() - 1);
        try (PreparedStatement epoch = c.prepareStatement("""
                INSERT INTO audit_epoch (number, first_seq, last_seq, entry_count, last_txid, last_entry, root, prev_head, head, key_id,
                    signature, sealed_at)
                VALUES (?, ?, ?, ?, CAST(? AS xid8), ?, ?, ?, ?, ?, ?, ?)""")) {
            epoch.setLong(1, number);
            epoch.setLong(2, firstSeq);
            epoch.setLong(3, lastSeq);
            epoch.setInt(4, rows.size());
            epoch.setString(5, end.txid());
            epoch.setLong(6, end.id());
            epoch.setString(7, root);
            epoch.setString(8, last.head());
            epoch.setString(9, head);
            epoch.setString(10, SealKeys.keyId(key.getPublic()));
            epoch.setString(11, SealKeys.sign(key.getPrivate(), number, head));
            epoch.setTimestamp(12, Timestamp.from(now));
            epoch.executeUpdate();
        }
        try (PreparedStatement seals = c.prepareStatement(
                "INSERT INTO audit_seal (entry_id, seal_seq, epoch) SELECT entry, seq, ? FROM unnest(?::bigint[], ?::bigint[]) AS s(entry, seq)")) {
            seals.setLong(1, number);
            seals.setArray(2, c.createArrayOf("bigint", ids));
            seals.setArray(3, c.createArrayOf("bigint", seqs));
            seals.executeUpdate();
        }
        return rows.size();
    }

    static Last last(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT number, last_seq, head, last_txid::text AS last_txid, last_entry FROM audit_epoch ORDER BY number DESC LIMIT 1");
                ResultSet r = s.executeQuery()) {
            return r.next() ? new Last(r.getLong("number"), r.getLong("last_seq"), r.getString("head"), r.getString("last_txid"),
                    r.getLong("last_entry")) : Last.NONE;
        }
    }

    private static List<AuditEntryRow> unsealed(Connection c, Last last, int maxRows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + AuditEntryRow.COLUMNS + " FROM audit_entry e"
                + " WHERE (e.txid, e.id) > (CAST(? AS xid8), ?) AND e.txid < pg_snapshot_xmin(pg_current_snapshot())"
                + " ORDER BY e.txid, e.id LIMIT ?")) {
            s.setString(1, last.lastTxid());
            s.setLong(2, last.lastEntry());
            s.setInt(3, maxRows);
            List<AuditEntryRow> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(AuditEntryRow.read(r));
                }
            }
            return rows;
        }
    }
}
