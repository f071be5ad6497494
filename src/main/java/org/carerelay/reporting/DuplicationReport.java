package org.carerelay.reporting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;

/** Repeated contacts with one person by several agencies, and handovers that needed chasing. */
@ApplicationScoped
public class DuplicationReport implements Report.Builder {

    @Inject
    ReportStore store;

    @Inject
    AgencyNames agencies;

    @Override
    public Report.About about() {
        return new Report.About("duplication", "Duplication",
                "Do several agencies contact the same person within days of each other, and how often is information missing?");
    }

    @Override
    public List<Report.Definition> definitions() {
        return List.of(
                new Report.Definition("Contacts", "A delivery completed as actioned, a completed follow-up contact shared as an "
                        + "event, or a handover's first contact, counted on the day it happened (agency filter: the agency that "
                        + "made the contact)."),
                new Report.Definition("Within 7 days of another agency's contact", "Contacts with a person whom a different "
                        + "agency had contacted in the 7 days before."),
                new Report.Definition("Share (%)", "Those contacts as a share of all contacts."),
                new Report.Definition("Events", "Events sent in the period (agency filter: the sending agency)."),
                new Report.Definition("Queries for missing information", "Queries raised on a handover because information was "
                        + "missing, including the automatic query for an incomplete handover; also per 100 events."),
                new Report.Definition("Handovers and incomplete handovers", "Discharge handovers first submitted in the period, "
                        + "and those submitted without every required part."),
                Report.Definition.smallCounts("the totals"));
    }

    @Override
    public List<Report.Section> sections(ReportFilter filter) {
        ReportTable.Builder c = ReportTable.builder("contacts", "Contacts by agency", "Agency").count("Contacts")
                .count("Within 7 days of another agency's contact").share("Share (%)", 1, 0).total("Total");
        store.contacts(filter).stream().sorted(Comparator.comparing((ReportStore.Contacts r) -> agencies.name(r.agencyId())))
                .forEach(r -> c.row(agencies.name(r.agencyId()), r.contacts(), r.duplicates(), null));
        ReportTable contactTable = c.build();

        ReportTable.Builder q = ReportTable.builder("queries", "Missing information by sending agency", "Sending agency")
                .count("Events").count("Queries for missing information").per100("Queries per 100 events", 1, 0)
                .count("Handovers").count("Incomplete handovers").share("Incomplete (%)", 4, 3).total("Total");
        store.sent(filter).stream().sorted(Comparator.comparing((ReportStore.Sent r) -> agencies.name(r.agencyId())))
                .forEach(r -> q.row(agencies.name(r.agencyId()), r.events(), r.missingInfoQueries(), null, r.handovers(),
                        r.incompleteHandovers(), null));
        ReportTable queryTable = q.build();
        return List.of(
                new Report.Section("Repeated contacts", "Contacts within 7 days of another agency's contact with the same person.",
                        contactTable, BarChart.of(contactTable, "Share (%)", "Share of contacts within 7 days of another agency's")),
                new Report.Section("Missing information", null, queryTable,
                        BarChart.of(queryTable, "Queries per 100 events", "Queries for missing information per 100 events")));
    }
}
