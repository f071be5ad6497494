package org.carerelay.reporting;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import org.carerelay.sql.Row;

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

    static DeliveryRollup of(Row r) {
        return new DeliveryRollup(r.date("day"), r.id("recipient_agency_id"), r.id("source_agency_id"), r.text("type_code"),
                r.id("agreement_id"), r.number("delivered"), r.number("acknowledged"), r.number("completed"),
                r.number("completed_in_window"), r.number("actioned"), r.number("actioned_in_window"), r.number("no_action_needed"),
                r.number("declined"), r.number("transferred"), r.number("overdue"), r.number("escalated"), histogram(r, "ack_hist"),
                histogram(r, "complete_hist"));
    }

    /** An INTEGER[] histogram column (null stays null), however the driver hands the array over. */
    static Integer[] histogram(Row r, String column) {
        Object v = r.value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof java.sql.Array a) {
            try {
                v = a.getArray();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        if (v instanceof int[] ints) {
            return Arrays.stream(ints).boxed().toArray(Integer[]::new);
        }
        if (v instanceof Object[] values) {
            return Arrays.stream(values).map(x -> x == null ? null : ((Number) x).intValue()).toArray(Integer[]::new);
        }
        throw new IllegalArgumentException(column + " is not an array: " + v.getClass());
    }

    LocalDate week() {
        return day.with(DayOfWeek.MONDAY);
    }
}
