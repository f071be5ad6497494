package org.carerelay.reporting;

import org.carerelay.clock.NetworkTimeZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.sharing.SharingAgreement;

/** Per sharing agreement: what was shared under it against what was acted on; agreements due for review. */
@ApplicationScoped
public class ProportionalityReport implements Report.Builder {

    static final int LITTLE_ACTION_MIN_COMPLETED = 20;

    @Inject
    Rollups rollups;

    @Inject
    Clock clock;

    @Inject
    NetworkTimeZone network;

    @Override
    public String slug() {
        return "proportionality";
    }

    @Override
    public String title() {
        return "Proportionality";
    }

    @Override
    public String question() {
        return "Is each sharing agreement's volume of sharing matched by action, and is it reviewed on time?";
    }

    @Override
    public List<Report.Definition> definitions() {
        return List.of(
                new Report.Definition("Deliveries", "Deliveries sent under the agreement in the period (agency filter: either "
                        + "party of the agreement)."),
                new Report.Definition("Completed, actioned, no action needed, other outcomes", "Of those, completed so far, "
                        + "and how: acted on, no action needed, or declined or transferred."),
                new Report.Definition("Actioned (%)", "Actioned as a share of completed."),
                new Report.Definition("Review date", "When the agreement must next be reviewed."),
                new Report.Definition("Flags", "Past review date: the review date has passed. Little action: at least "
                        + LITTLE_ACTION_MIN_COMPLETED + " completed and fewer than a quarter actioned. No use: active with no "
                        + "deliveries in the period. Suspended: nothing is shared under it now."),
                new Report.Definition("<5 and n/s", "A count from 1 to 4 is shown as <5; n/s marks a figure not shown so that a "
                        + "small number cannot be worked out from the others."));
    }

    @Override
    @jakarta.transaction.Transactional
    public List<Report.Section> sections(ReportFilter filter) {
        Map<Long, long[]> counts = new HashMap<>();
        rollups.query("SELECT agreement_id, sum(delivered), sum(completed), sum(actioned), sum(no_action_needed), "
                + "sum(declined + transferred) FROM report_delivery_day", Rollups.where(filter)
                        .agency(filter, "recipient_agency_id", "source_agency_id").typeAndPathway(filter), "GROUP BY agreement_id",
                rs -> counts.put(rs.getLong(1), new long[] { rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6) }));
        LocalDate today = LocalDate.ofInstant(clock.instant(), network.timeZone());
        List<SharingAgreement> agreements = SharingAgreement.<SharingAgreement>listAll().stream()
                .filter(a -> filter.agencyId() == null || filter.agencyId().equals(a.sourceAgencyId)
                        || filter.agencyId().equals(a.recipientAgencyId) || counts.containsKey(a.id))
                .sorted((a, b) -> a.title.compareTo(b.title)).toList();
        ReportTable.Builder t = ReportTable.builder("agreements", "Sharing agreements: volume and action", "Sharing agreement")
                .count("Deliveries").count("Completed").count("Actioned").count("No action needed").count("Other outcomes")
                .share("Actioned (%)", 2, 1).text("Review date").text("Flags").rowSum(1, 2, 3, 4).total("Total");
        for (SharingAgreement a : agreements) {
            long[] c = counts.getOrDefault(a.id, new long[5]);
            List<String> flags = new ArrayList<>();
            if ("suspended".equals(a.status)) {
                flags.add("Suspended");
            }
            if (a.reviewDate != null && a.reviewDate.isBefore(today)) {
                flags.add("Past review date");
            }
            if (c[1] >= LITTLE_ACTION_MIN_COMPLETED && c[2] * 4 < c[1]) {
                flags.add("Little action");
            }
            if ("active".equals(a.status) && c[0] == 0) {
                flags.add("No use");
            }
            t.row(a.title, c[0], c[1], c[2], c[3], c[4], null, a.reviewDate == null ? "" : a.reviewDate.toString(),
                    String.join("; ", flags));
        }
        ReportTable table = t.build();
        return List.of(new Report.Section("Agreements", "Flagged agreements need a review by the parties and the commissioner.",
                table, BarChart.of(table, "Actioned (%)", "Share of completed deliveries actioned, by agreement")));
    }
}
