package org.carerelay.reporting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.carerelay.catalogue.Catalogue;

/** How fast recipients acknowledge and complete what they are sent. */
@ApplicationScoped
public class TimelinessReport implements Report.Builder {

    @Inject
    ReportStore store;

    @Inject
    AgencyNames agencies;

    @Inject
    Catalogue catalogue;

    @Override
    public Report.About about() {
        return new Report.About("timeliness", "Timeliness",
                "How fast do recipients acknowledge and complete what they are sent, and how much goes overdue?");
    }

    @Override
    public List<Report.Definition> definitions() {
        return List.of(
                new Report.Definition("Delivered", "Deliveries sent in the period: one per recipient agency per event. "
                        + "The agency filter selects the recipient."),
                new Report.Definition("Acknowledged", "Of those, acknowledged by the recipient so far."),
                new Report.Definition("Median and 90th percentile times",
                        "Half (or nine in ten) of the deliveries were acknowledged or completed within this time of being sent, "
                                + "shown as the upper bound of the histogram step the value falls in."),
                new Report.Definition("Completed", "Of those delivered, completed so far, whatever the outcome."),
                new Report.Definition("Completed within window", "Completed no later than their due time (sent time plus the "
                        + "event type's action window); the share is of all delivered."),
                new Report.Definition("Overdue", "Still open past their due time, plus completed after it."),
                new Report.Definition("Escalated", "Went overdue and were escalated to the recipient's team lead."),
                Report.Definition.smallCounts("the others"));
    }

    @Override
    public List<Report.Section> sections(ReportFilter filter) {
        List<DeliveryRollup> rows = store.deliveries(filter);
        ReportTable byAgency = table("by-agency", "Timeliness by recipient agency", "Recipient agency", rows,
                r -> agencies.name(r.recipientAgencyId()));
        ReportTable byType = table("by-type", "Timeliness by event type", "Event type", rows,
                r -> catalogue.current(r.typeCode()).map(t -> t.title).orElse(r.typeCode()));
        ReportTable byWeek = weeks(rows);
        return List.of(
                new Report.Section("Over time", "Share of deliveries completed within their window, by the week they were sent.",
                        byWeek, BarChart.of(byWeek, "Completed within window (%)", "Completed within window (%) by week")),
                new Report.Section("By recipient agency", "Times are from sending to acknowledging and to completing.",
                        byAgency, BarChart.of(byAgency, "Completed within window (%)", "Completed within window (%) by recipient agency")),
                new Report.Section("By event type", null, byType, null));
    }

    private static ReportTable table(String id, String caption, String rowHeader, List<DeliveryRollup> rows,
            Function<DeliveryRollup, String> label) {
        Map<String, Group> groups = new TreeMap<>();
        rows.forEach(r -> groups.computeIfAbsent(label.apply(r), k -> new Group()).add(r));
        ReportTable.Builder t = ReportTable.builder(id, caption, rowHeader)
                .count("Delivered").count("Acknowledged").duration("Median time to acknowledge", 0.5)
                .duration("90th percentile to acknowledge", 0.9).count("Completed").duration("Median time to complete", 0.5)
                .duration("90th percentile to complete", 0.9).count("Completed within window").share("Completed within window (%)", 7, 0)
                .count("Overdue").count("Escalated").total("Total");
        groups.forEach((name, g) -> t.row(name, g.delivered, g.acknowledged, g.ack, g.ack, g.completed, g.complete, g.complete,
                g.inWindow, null, g.overdue, g.escalated));
        return t.build();
    }

    private static ReportTable weeks(List<DeliveryRollup> rows) {
        Map<LocalDate, Group> groups = new TreeMap<>();
        rows.forEach(r -> groups.computeIfAbsent(r.week(), k -> new Group()).add(r));
        ReportTable.Builder t = ReportTable.builder("by-week", "Deliveries by the week they were sent", "Week starting")
                .count("Delivered").count("Completed within window").share("Completed within window (%)", 1, 0).count("Overdue")
                .total("Total");
        groups.forEach((week, g) -> t.row(week.toString(), g.delivered, g.inWindow, null, g.overdue));
        return t.build();
    }

    /** Sums of the rollup rows of one table row. */
    static final class Group {
        long delivered;
        long acknowledged;
        long completed;
        long inWindow;
        long overdue;
        long escalated;
        final DurationHistogram ack = new DurationHistogram();
        final DurationHistogram complete = new DurationHistogram();

        void add(DeliveryRollup r) {
            delivered += r.delivered();
            acknowledged += r.acknowledged();
            completed += r.completed();
            inWindow += r.completedInWindow();
            overdue += r.overdue();
            escalated += r.escalated();
            ack.add(r.ackHistogram());
            complete.add(r.completeHistogram());
        }
    }
}
