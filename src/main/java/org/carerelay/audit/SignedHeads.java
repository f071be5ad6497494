package org.carerelay.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exported epoch heads: the file a privacy officer downloads from {@code /admin/audit-chain} and an
 * operator ships off the machine ({@code deploy/local/verify-audit.sh --export}). Each head is
 * signed; the newest one commits to every entry sealed up to it, so a later rewrite of the trail,
 * even by the database owner, or a trail cut short, no longer matches it.
 */
public record SignedHeads(String format, String exportedAt, Map<String, String> publicKeys, List<Head> heads) {

    public static final String FORMAT = "carerelay-audit-heads-v1";

    /** One epoch's signed head (signature: Ed25519 over {@code carerelay-audit-head:v1:<epoch>:<head>}). */
    public record Head(long epoch, long firstSeq, long lastSeq, long count, String root, String prevHead, String head, String keyId,
            String signature, String sealedAt) {
    }

    /** The heads of epochs {@code from}..newest (from <= 0: the newest only), with the public keys that verify them. */
    public static SignedHeads load(Connection c, long from, Map<String, PublicKey> trusted, String exportedAt) throws SQLException {
        String where = from > 0 ? "WHERE number >= ? ORDER BY number" : "WHERE number = (SELECT max(number) FROM audit_epoch)";
        List<Head> heads = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT number, first_seq, last_seq, entry_count, root, prev_head, head, key_id,"
                + " signature, to_char(sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS sealed_at FROM audit_epoch " + where)) {
            if (from > 0) {
                s.setLong(1, from);
            }
            s.setFetchSize(1000);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    heads.add(new Head(r.getLong("number"), r.getLong("first_seq"), r.getLong("last_seq"), r.getLong("entry_count"),
                            r.getString("root"), r.getString("prev_head"), r.getString("head"), r.getString("key_id"), r.getString("signature"),
                            r.getString("sealed_at")));
                }
            }
        }
        Map<String, String> keys = new LinkedHashMap<>();
        trusted.forEach((id, key) -> keys.put(id, SealKeys.publicKeyBase64(key)));
        return new SignedHeads(FORMAT, exportedAt, keys, heads);
    }

    public static SignedHeads read(Path file) throws IOException {
        SignedHeads heads = AuditJson.MAPPER.readValue(file.toFile(), SignedHeads.class);
        if (!FORMAT.equals(heads.format()) || heads.heads() == null) {
            throw new IOException(file + " is not a CareRelay audit heads file (" + FORMAT + ")");
        }
        return heads;
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson());
    }

    public String toJson() {
        return AuditJson.write(this);
    }

    public Head newest() {
        return heads.isEmpty() ? null : heads.get(heads.size() - 1);
    }
}
