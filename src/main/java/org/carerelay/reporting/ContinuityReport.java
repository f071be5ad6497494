package org.carerelay.reporting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Whether the moments that matter after a discharge or a missed contact were acted on in time. */
@ApplicationScoped
public class ContinuityReport implements Report.Builder {

    /** The "acted on within window" measures: event type code and the row label. */
    static final List<String[]> ACTED_ON = List.of(
            new String[] { "MISSED_CONTACT_AFTER_CRISIS", "Missed contacts after crisis acted on within window" },
            new String[] { "FOLLOW_UP_MISSED", "Missed follow-ups acted on within window" },
            new String[] { "MISSED_WELFARE_CONTACT", "Missed welfare contacts acted on within window" });

    @Inject
    Rollups rollups;

    @Override
    public String slug() {
        return "continuity";
    }

    @Override
    public String title() {
        return "Continuity";
    }

    @Override
    public String question() {
        return "Are discharges followed up within 72 hours, and are missed contacts acted on within their window?";
    }

    @Override
    public List<Report.Definition> definitions() {
        return List.of(
                new Report.Definition("Discharges followed up within 72 h", "Hospital and crisis discharge handovers sent in "
                        + "the period (agency filter: the discharging agency). Followed up when, within 72 hours of the "
                        + "discharge, a recipient completed the handover as actioned, recorded the first contact, or a completed "
                        + "follow-up contact was shared for the same person."),
                new Report.Definition("Missed contacts acted on within window", "Deliveries of missed-contact events sent in the "
                        + "period (agency filter: the recipient), completed as actioned no later than their due time."),
                new Report.Definition("Cases", "How many discharges or deliveries the measure counts."),
                new Report.Definition("Done in time", "How many of them met the measure."),
                new Report.Definition("Share (%)", "Done in time as a share of cases."),
                new Report.Definition("<5 and n/s", "A count from 1 to 4 is shown as <5; n/s marks a share not shown because "
                        + "it would reveal a small number."));
    }

    @Override
    public List<Report.Section> sections(ReportFilter filter) {
        ReportTable.Builder t = ReportTable.builder("measures", "Continuity measures", "Measure")
                .count("Cases").count("Done in time").share("Share (%)", 1, 0);
        List<long[]> discharges = rollups.query("SELECT coalesce(sum(discharges), 0), coalesce(sum(discharges_followed_up), 0) "
                + "FROM report_event_day", Rollups.where(filter).agency(filter, "source_agency_id").typeAndPathway(filter)
                        .and("type_code = ?", "DISCHARGE_HANDOVER"), null, rs -> new long[] { rs.getLong(1), rs.getLong(2) });
        t.row("Discharges followed up within 72 h", discharges.get(0)[0], discharges.get(0)[1], null);
        for (String[] measure : ACTED_ON) {
            List<long[]> acted = rollups.query("SELECT coalesce(sum(delivered), 0), coalesce(sum(actioned_in_window), 0) "
                    + "FROM report_delivery_day", Rollups.where(filter).agency(filter, "recipient_agency_id").typeAndPathway(filter)
                            .and("type_code = ?", measure[0]), null, rs -> new long[] { rs.getLong(1), rs.getLong(2) });
            t.row(measure[1], acted.get(0)[0], acted.get(0)[1], null);
        }
        ReportTable measures = t.build();
        return List.of(new Report.Section("Measures", "Each row is a separate measure; rows do not add up.", measures,
                BarChart.of(measures, "Share (%)", "Share done in time, by measure")));
    }
}
