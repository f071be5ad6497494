package org.carerelay.reporting;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

/** One row of report_delivery_day: deliveries of one day, recipient, type and agreement. */
record DeliveryRollup(LocalDate day, long recipientAgencyId, long sourceAgencyId, String typeCode, long agreementId,
        long delivered, long acknowledged, long completed, long completedInWindow, long actioned, long actionedInWindow,
        long noActionNeeded, long declined, long transferred, long overdue, long escalated, Integer[] ackHistogram,
        Integer[] completeHistogram) {

    static final String SELECT = """
            SELECT day, recipient_agency_id, source_agency_id, type_code, agreement_id, delivered, acknowledged, completed,
                   completed_in_window, actioned, actioned_in_window, no_action_needed, declined, transferred,
                   overdue_open + completed_late AS overdue, escalated, ack_hist, complete_hist
            FROM report_delivery_day""";

    static List<DeliveryRollup> load(Rollups rollups, Rollups.Where where) {
        return rollups.query(SELECT, where, null, rs -> new DeliveryRollup(Rollups.day(rs), rs.getLong("recipient_agency_id"),
                rs.getLong("source_agency_id"), rs.getString("type_code"), rs.getLong("agreement_id"), rs.getLong("delivered"),
                rs.getLong("acknowledged"), rs.getLong("completed"), rs.getLong("completed_in_window"), rs.getLong("actioned"),
                rs.getLong("actioned_in_window"), rs.getLong("no_action_needed"), rs.getLong("declined"), rs.getLong("transferred"),
                rs.getLong("overdue"), rs.getLong("escalated"), Rollups.histogram(rs, "ack_hist"), Rollups.histogram(rs, "complete_hist")));
    }

    LocalDate week() {
        return day.with(DayOfWeek.MONDAY);
    }
}
