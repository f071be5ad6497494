package org.carerelay.reporting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Whether the moments that matter after a discharge or a missed contact were acted on in time. */
@ApplicationScoped
public class ContinuityReport implements Report.Builder {

    static final String DISCHARGE = "DISCHARGE_HANDOVER";

    /** An "acted on within window" measure: its event type and its row label. */
    record ActedOn(String typeCode, String label) {
    }

    static final List<ActedOn> ACTED_ON = List.of(
            new ActedOn("MISSED_CONTACT_AFTER_CRISIS", "Missed contacts after crisis acted on within window"),
            new ActedOn("FOLLOW_UP_MISSED", "Missed follow-ups acted on within window"),
            new ActedOn("MISSED_WELFARE_CONTACT", "Missed welfare contacts acted on within window"));

    @Inject
    ReportStore store;

    @Override
    public Report.About about() {
        return new Report.About("continuity", "Continuity",
                "Are discharges followed up within 72 hours, and are missed contacts acted on within their window?");
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
                Report.Definition.smallShares());
    }

    @Override
    public List<Report.Section> sections(ReportFilter filter) {
        ReportTable.Builder t = ReportTable.builder("measures", "Continuity measures", "Measure")
                .count("Cases").count("Done in time").share("Share (%)", 1, 0);
        ReportStore.Cases discharges = store.discharges(filter, DISCHARGE);
        t.row("Discharges followed up within 72 h", discharges.cases(), discharges.inTime(), null);
        for (ActedOn measure : ACTED_ON) {
            ReportStore.Cases acted = store.actedOn(filter, measure.typeCode());
            t.row(measure.label(), acted.cases(), acted.inTime(), null);
        }
        ReportTable measures = t.build();
        return List.of(new Report.Section("Measures", "Each row is a separate measure; rows do not add up.", measures,
                BarChart.of(measures, "Share (%)", "Share done in time, by measure")));
    }
}
