package org.carerelay.reporting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.carerelay.agencies.AgencyDirectory;

/** Repeated contacts with one person by several agencies, and handovers that needed chasing. */
@ApplicationScoped
public class DuplicationReport implements Report.Builder {

    @Inject
    Rollups rollups;

    @Inject
    AgencyDirectory agencies;

    @Override
    public String slug() {
        return "duplication";
    }

    @Override
    public String title() {
        return "Duplication";
    }

    @Override
    public String question() {
        return "Do several agencies contact the same person within days of each other, and how often is information missing?";
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
                new Report.Definition("<5 and n/s", "A count from 1 to 4 is shown as <5; n/s marks a figure not shown so that a "
                        + "small number cannot be worked out from the totals."));
    }

    @Override
    public List<Report.Section> sections(ReportFilter filter) {
        List<long[]> contacts = rollups.query("SELECT agency_id, sum(contacts), sum(duplicate_contacts) FROM report_contact_day",
                Rollups.where(filter).agency(filter, "agency_id").typeAndPathway(filter), "GROUP BY agency_id",
                rs -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) });
        ReportTable.Builder c = ReportTable.builder("contacts", "Contacts by agency", "Agency").count("Contacts")
                .count("Within 7 days of another agency's contact").share("Share (%)", 1, 0).total("Total");
        contacts.stream().sorted((a, b) -> name(a[0]).compareTo(name(b[0]))).forEach(r -> c.row(name(r[0]), r[1], r[2], null));
        ReportTable contactTable = c.build();

        List<long[]> queries = rollups.query("SELECT source_agency_id, sum(events), sum(missing_info_queries), sum(handovers), "
                + "sum(incomplete_handovers) FROM report_event_day", Rollups.where(filter).agency(filter, "source_agency_id")
                        .typeAndPathway(filter), "GROUP BY source_agency_id",
                rs -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5) });
        ReportTable.Builder q = ReportTable.builder("queries", "Missing information by sending agency", "Sending agency")
                .count("Events").count("Queries for missing information").per100("Queries per 100 events", 1, 0)
                .count("Handovers").count("Incomplete handovers").share("Incomplete (%)", 4, 3).total("Total");
        queries.stream().sorted((a, b) -> name(a[0]).compareTo(name(b[0])))
                .forEach(r -> q.row(name(r[0]), r[1], r[2], null, r[3], r[4], null));
        ReportTable queryTable = q.build();
        return List.of(
                new Report.Section("Repeated contacts", "Contacts within 7 days of another agency's contact with the same person.",
                        contactTable, BarChart.of(contactTable, "Share (%)", "Share of contacts within 7 days of another agency's")),
                new Report.Section("Missing information", null, queryTable,
                        BarChart.of(queryTable, "Queries per 100 events", "Queries for missing information per 100 events")));
    }

    private String name(long agencyId) {
        return agencies.find(agencyId).map(AgencyDirectory.AgencyRef::name).orElse("Agency " + agencyId);
    }
}
