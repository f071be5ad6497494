package org.carerelay.reporting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;

/** Which shared fields recipients actually look at before they act: the data points that earn their place. */
@ApplicationScoped
public class DataPointReport implements Report.Builder {

    @Inject
    Rollups rollups;

    @Inject
    Catalogue catalogue;

    @Override
    public String slug() {
        return "data-points";
    }

    @Override
    public String title() {
        return "Data-point value";
    }

    @Override
    public String question() {
        return "For each shared field, how often did the recipient have it in front of them before completing the delivery?";
    }

    @Override
    public List<Report.Definition> definitions() {
        return List.of(
                new Report.Definition("Shared", "Deliveries sent in the period and completed so far whose sharing agreement "
                        + "shared this field (agency filter: the recipient)."),
                new Report.Definition("Shown before completion", "Of those, deliveries where someone at the recipient agency "
                        + "(or its partner system) had the field displayed between receiving and completing the delivery: the "
                        + "client record, the handover page or its print view, or the partner API's delivery read, as the audit "
                        + "trail records them."),
                new Report.Definition("Shown (%)", "Shown before completion as a share of shared."),
                new Report.Definition("Never shown", "Shared at least once in the period and never displayed before completion: "
                        + "a candidate to stop sharing."),
                new Report.Definition("Not shared", "A field of the event type that no completed delivery shared in the period."),
                new Report.Definition("<5 and n/s", "A count from 1 to 4 is shown as <5; n/s marks a share not shown because it "
                        + "would reveal a small number."));
    }

    @Override
    public List<Report.Section> sections(ReportFilter filter) {
        Map<String, long[]> counts = new HashMap<>();
        rollups.query("SELECT type_code, field, sum(shared), sum(opened) FROM report_field_day",
                Rollups.where(filter).agency(filter, "recipient_agency_id").typeAndPathway(filter), "GROUP BY type_code, field",
                rs -> counts.put(rs.getString(1) + "." + rs.getString(2), new long[] { rs.getLong(3), rs.getLong(4) }));
        ReportTable.Builder t = ReportTable.builder("fields", "Fields shared and shown before completion", "Event type — field")
                .count("Shared").count("Shown before completion").share("Shown (%)", 1, 0).text("Note");
        for (EventType type : catalogue.currentTypes()) {
            if (filter.eventType() != null && !filter.eventType().code.equals(type.code)
                    || !filter.pathway().isEmpty() && !filter.pathway().equals(type.pathway)) {
                continue;
            }
            for (FieldDefinition field : type.fields) {
                long[] c = counts.getOrDefault(type.code + "." + field.name(), new long[2]);
                String note = c[0] == 0 ? "Not shared" : c[1] == 0 ? "Never shown" : "";
                t.row(type.title + " — " + field.label(), c[0], c[1], null, note);
            }
        }
        ReportTable fields = t.build();
        return List.of(new Report.Section("Fields", "One row per field of each event type in scope.", fields,
                BarChart.of(fields, "Shown (%)", "Share of deliveries where the field was shown before completion")));
    }
}
