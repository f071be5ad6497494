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
    ReportStore store;

    @Inject
    Catalogue catalogue;

    @Override
    public Report.About about() {
        return new Report.About("data-points", "Data-point value",
                "For each shared field, how often did the recipient have it in front of them before completing the delivery?");
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
                Report.Definition.smallShares());
    }

    @Override
    public List<Report.Section> sections(ReportFilter filter) {
        Map<String, ReportStore.FieldUse> counts = new HashMap<>();
        store.fields(filter).forEach(f -> counts.put(f.typeCode() + "." + f.field(), f));
        ReportTable.Builder t = ReportTable.builder("fields", "Fields shared and shown before completion", "Event type — field")
                .count("Shared").count("Shown before completion").share("Shown (%)", 1, 0).text("Note");
        for (EventType type : catalogue.currentTypes()) {
            if (filter.eventType() != null && !filter.eventType().code.equals(type.code)
                    || !filter.pathway().isEmpty() && !filter.pathway().equals(type.pathway)) {
                continue;
            }
            for (FieldDefinition field : type.fields) {
                ReportStore.FieldUse c = counts.getOrDefault(type.code + "." + field.name(),
                        new ReportStore.FieldUse(type.code, field.name(), 0, 0));
                String note = c.shared() == 0 ? "Not shared" : c.opened() == 0 ? "Never shown" : "";
                t.row(type.title + " — " + field.label(), c.shared(), c.opened(), null, note);
            }
        }
        ReportTable fields = t.build();
        return List.of(new Report.Section("Fields", "One row per field of each event type in scope.", fields,
                BarChart.of(fields, "Shown (%)", "Share of deliveries where the field was shown before completion")));
    }
}
