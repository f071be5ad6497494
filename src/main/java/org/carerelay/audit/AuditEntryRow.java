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

    /** The select list for {@link #read}, for a table aliased {@code e}; each column is read by its name. */
    public static final String COLUMNS = "e.id, e.txid::text AS txid, (extract(epoch FROM e.at) * 1000000)::BIGINT AS at_micros,"
            + " e.request_id, e.user_id, e.username, e.agency_id, e.roles, e.action, e.resource_type, e.resource_id, e.client_id,"
            + " e.sensitivity, e.fields_shown, e.purpose, e.outcome, e.reason, e.client_address, e.user_agent, e.prev_hash, e.hash";

    /** Reads the row from the {@link #COLUMNS} of the result's current row; null when its id is null (a LEFT JOIN miss). */
    public static AuditEntryRow read(ResultSet r) throws SQLException {
        long id = r.getLong("id");
        if (r.wasNull()) {
            return null;
        }
        return new AuditEntryRow(id, r.getString("txid"), r.getLong("at_micros"), r.getString("request_id"), r.getString("user_id"),
                r.getString("username"), nullableLong(r, "agency_id"), list(r.getArray("roles")), r.getString("action"),
                r.getString("resource_type"), r.getString("resource_id"), nullableLong(r, "client_id"), list(r.getArray("sensitivity")),
                list(r.getArray("fields_shown")), r.getString("purpose"), r.getString("outcome"), r.getString("reason"),
                r.getString("client_address"), r.getString("user_agent"), r.getString("prev_hash"), r.getString("hash"));
    }

    /** Position in seal order: by transaction id, then id. */
    public int compareSealOrder(AuditEntryRow other) {
        int byTx = Long.compareUnsigned(Long.parseUnsignedLong(txid), Long.parseUnsignedLong(other.txid));
        return byTx != 0 ? byTx : Long.compare(id, other.id);
    }

    private static Long nullableLong(ResultSet r, String column) throws SQLException {
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
