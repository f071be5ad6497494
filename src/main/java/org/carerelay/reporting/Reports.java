package org.carerelay.reporting;

import org.carerelay.clock.NetworkTimeZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Catalogue;

/** The seven commissioner reports: filters parsed, figures read from the rollups (concerns: from the concern tables), every opening audited. */
@ApplicationScoped
public class Reports {

    @Inject
    TimelinessReport timeliness;

    @Inject
    ContinuityReport continuity;

    @Inject
    DuplicationReport duplication;

    @Inject
    DataPointReport dataPoints;

    @Inject
    ProportionalityReport proportionality;

    @Inject
    AuditReport auditReport;

    @Inject
    ConcernReport concerns;

    @Inject
    ReportStore store;

    @Inject
    AgencyDirectory agencies;

    @Inject
    Catalogue catalogue;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    NetworkTimeZone network;

    public List<Report.Builder> all() {
        return List.of(timeliness, continuity, duplication, dataPoints, proportionality, auditReport, concerns);
    }

    public Optional<Report.Builder> find(String slug) {
        return all().stream().filter(b -> b.slug().equals(slug)).findFirst();
    }

    public ReportFilter filter(String from, String to, String agency, String type, String pathway) {
        return ReportFilter.parse(from, to, agency, type, pathway, LocalDate.ofInstant(clock.instant(), network.timeZone()),
                agencies, catalogue.currentTypes());
    }

    /** The report as shown; no figures when the filters did not parse. The opening is audited. */
    public Report open(Report.Builder builder, ReportFilter filter, boolean export) {
        List<String> notes = new ArrayList<>();
        if (!builder.usesTypeFilters() && (filter.eventType() != null || !filter.pathway().isEmpty())) {
            notes.add("The event type and pathway filters do not apply to this report, so they were not used.");
        }
        List<Report.Section> sections = filter.valid() ? builder.sections(filter) : List.of();
        String detail = builder.slug() + (filter.valid() ? " " + filter.query() : " (filters refused)");
        audit.record(export ? AuditRecord.export("report", builder.slug(), null, Purpose.COMMISSIONING, detail)
                : AuditRecord.list("report", Purpose.COMMISSIONING, detail));
        return new Report(builder.slug(), builder.title(), builder.question(), builder.definitions(), sections, notes, filter,
                store.refreshedAt().orElse(null));
    }

    public List<AgencyDirectory.AgencyRef> agencies() {
        return agencies.all().stream().filter(a -> !"commissioner".equals(a.kind())).toList();
    }

    public List<org.carerelay.catalogue.EventType> eventTypes() {
        return catalogue.currentTypes();
    }
}
