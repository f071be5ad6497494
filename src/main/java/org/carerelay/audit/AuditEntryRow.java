package org.carerelay.audit;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code audit_entry} row as read for sealing and verification: every column its hash covers,
 * its transaction id (seal order) and the hash the insert trigger stored.
 */
public record AuditEntryRow(long id, String txid, long atMicros, String requestId, String userId, String username, Long agencyId,
        List<String> roles, String action, String resourceType, String resourceId, Long clientId, List<String> sensitivity,
        List<String> fieldsShown, String purpose, String outcome, String reason, String clientAddress, String userAgent,
        String prevHash, String storedHash) {

    /** The select list for {@link #read}, for a table aliased {@code e}. */
    public static final String COLUMNS = "e.id, e.txid::text, (extract(epoch FROM e.at) * 1000000)::BIGINT, e.request_id, e.user_id,"
            + " e.username, e.agency_id, e.roles, e.action, e.resource_type, e.resource_id, e.client_id, e.sensitivity, e.fields_shown,"
            + " e.purpose, e.outcome, e.reason, e.client_address, e.user_agent, e.prev_hash, e.hash";

    /** Reads the row from {@link #COLUMNS} starting at column {@code from}; null when the entry id there is null (a LEFT JOIN miss). */
    public static AuditEntryRow read(ResultSet r, int from) throws SQLException {
        long id = r.getLong(from);
        if (r.wasNull()) {
            return null;
        }
        int i = from + 1;
        return new AuditEntryRow(id, r.getString(i++), r.getLong(i++), r.getString(i++), r.getString(i++), r.getString(i++),
                nullableLong(r, i++), list(r.getArray(i++)), r.getString(i++), r.getString(i++), r.getString(i++), nullableLong(r, i++),
                list(r.getArray(i++)), list(r.getArray(i++)), r.getString(i++), r.getString(i++), r.getString(i++), r.getString(i++),
                r.getString(i++), r.getString(i++), r.getString(i));
    }

    /** Position in seal order: by transaction id, then id. */
    public int compareSealOrder(AuditEntryRow other) {
        int byTx = Long.compareUnsigned(Long.parseUnsignedLong(txid), Long.parseUnsignedLong(other.txid));
        return byTx != 0 ? byTx : Long.compare(id, other.id);
    }

    private static Long nullableLong(ResultSet r, int column) throws SQLException {
        long value = r.getLong(column);
        return r.wasNull() ? null : value;
    }

    private static List<String> list(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Object[] values = (Object[]) array.getArray();
        List<String> list = new ArrayList<>(values.length);
        for (Object v : values) {
            list.add(v == null ? null : v.toString());
        }
        return list;
    }
}
