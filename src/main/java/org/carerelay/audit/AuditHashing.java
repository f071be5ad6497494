package org.carerelay.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The hashes of the sealed audit trail, computed outside the database so that verification never
 * trusts a function the database owner could replace. Plain Java: the verification command line
 * ({@link VerifyAuditTrail}) uses it without the application.
 *
 * <ul>
 * <li>row hash: SHA-256 of {@link #content} (rows written before V16: of {@code prev_hash|content},
 * their V3 chain link included), as the insert trigger stores it in {@code audit_entry.hash};
 * <li>leaf (RFC 6962): SHA-256(0x00 ‖ entry id as 8 bytes ‖ row hash);
 * <li>node: SHA-256(0x01 ‖ left ‖ right) ({@link MerkleTree});
 * <li>epoch head: SHA-256(previous head ‖ root ‖ count ‖ first seal number ‖ last seal number), the
 * numbers as 8-byte big-endian; the first epoch's previous head is 32 zero bytes;
 * <li>signed message: the ASCII text {@code carerelay-audit-head:v1:<epoch>:<head hex>}.
 * </ul>
 */
public final class AuditHashing {

    public static final String GENESIS_HEAD = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    private AuditHashing() {
    }

    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** 32 bytes from 64 hex digits, or null when the text is not a SHA-256 in hex. */
    public static byte[] unhex(String hex) {
        if (hex == null || hex.length() != 64) {
            return null;
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The canonical text of a row exactly as V3's {@code audit_entry_content(e)} builds it: epoch
     * microseconds, then every column {@code quote_nullable}d (arrays comma-joined), joined by '|'.
     */
    public static String content(AuditEntryRow e) {
        StringBuilder b = new StringBuilder(256);
        b.append(e.atMicros());
        for (String value : new String[] {e.requestId(), e.userId(), e.username(), text(e.agencyId()), joined(e.roles()), e.action(),
            e.resourceType(), e.resourceId(), text(e.clientId()), joined(e.sensitivity()), joined(e.fieldsShown()), e.purpose(),
            e.outcome(), e.reason(), e.clientAddress(), e.userAgent()}) {
            b.append('|');
            quoteNullable(b, value);
        }
        return b.toString();
    }

    /** The row hash in hex, recomputed from the row's content (and, for V3 rows, its chain link). */
    public static String rowHash(AuditEntryRow e) {
        String content = content(e);
        String text = e.prevHash() == null ? content : e.prevHash() + "|" + content;
        return hex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] leafHash(long entryId, byte[] rowHash) {
        return sha256(new byte[] {0}, ByteBuffer.allocate(8).putLong(entryId).array(), rowHash);
    }

    public static byte[] head(byte[] previousHead, byte[] root, long count, long firstSeq, long lastSeq) {
        return sha256(previousHead, root, ByteBuffer.allocate(24).putLong(count).putLong(firstSeq).putLong(lastSeq).array());
    }

    public static String head(String previousHead, String root, long count, long firstSeq, long lastSeq) {
        return hex(head(unhex(previousHead), unhex(root), count, firstSeq, lastSeq));
    }

    /** What the sealing key signs for an epoch (reproducible with printf for openssl, see docs/operations.md). */
    public static byte[] signedMessage(long epoch, String head) {
        return ("carerelay-audit-head:v1:" + epoch + ":" + head).getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(Long value) {
        return value == null ? null : value.toString();
    }

    private static String joined(List<String> values) {
        if (values == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        boolean first = true;
        for (String v : values) {
            if (v == null) {
                continue; // array_to_string skips NULL elements
            }
            if (!first) {
                b.append(',');
            }
            b.append(v);
            first = false;
        }
        return b.toString();
    }

    /** PostgreSQL's quote_nullable: NULL, or quote_literal (E'' form when a backslash occurs; ' and \ doubled). */
    private static void quoteNullable(StringBuilder b, String value) {
        if (value == null) {
            b.append("NULL");
            return;
        }
        if (value.indexOf('\\') >= 0) {
            b.append('E');
        }
        b.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                b.append(c);
            }
            b.append(c);
        }
        b.append('\'');
    }
}
