package org.carerelay.reporting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carerelay.agencies.AgencyDirectory;

/** Who looks at client records, what is refused, emergency access and access that looks unusual. */
@ApplicationScoped
public class AuditReport implements Report.Builder {

    /** Main roles in the order the rollup ranks them, with their column headers. */
    static final List<String[]> ROLES = List.of(new String[] { "frontline", "Frontline" },
            new String[] { "team-lead", "Team lead" }, new String[] { "agency-admin", "Agency admin" },
            new String[] { "privacy-officer", "Privacy officer" }, new String[] { "commissioner", "Commissioner" },
            new String[] { "partner-system", "Partner system" });

    @Inject
    Rollups rollups;

    @Inject
    AgencyDirectory agencies;

    @Override
    public String slug() {
        return "audit";
    }

    @Override
    public String title() {
        return "Audit";
    }

    @Override
    public String question() {
        return "Who views client records, how often is access refused or forced, and does any access look unusual?";
    }

    @Override
    public boolean usesTypeFilters() {
        return false;
    }

    @Override
    public List<Report.Definition> definitions() {
        return List.of(
                new Report.Definition("Record views by role", "Client records, deliveries and handovers opened, by the agency and "
                        + "main role of the person (team lead before frontline when someone has both) or partner system."),
                new Report.Definition("Denied requests", "Requests the portal or API refused (any action)."),
                new Report.Definition("Break-glass uses and reviewed", "Emergency access granted in the period, and how many a "
                        + "privacy officer has reviewed."),
                new Report.Definition("Night views", "Record views, allowed or refused, between 22:00 and 06:00 local time."),
                new Report.Definition("Staff-days with night views", "Person-days with at least one night view."),
                new Report.Definition("Views without a care relationship", "Record views of a person the viewer's agency has no "
                        + "care relationship with."),
                new Report.Definition("Staff-days opening 5+ unrelated clients", "Person-days on which someone opened five or "
                        + "more different people their agency has no relationship with: worth a privacy officer's look."),
                new Report.Definition("Links by identity steward", "Care relationships an agency gained because an identity "
                        + "steward confirmed that its record and an existing client are the same person, by the day of the confirmation "
                        + "(links in force: an undone link no longer counts)."),
                new Report.Definition("Links by strong identifier", "Care relationships an agency gained because its record "
                        + "matched a client by name, date of birth and a strong identifier such as a Medicaid member ID."),
                new Report.Definition("<5 and n/s", "A count from 1 to 4 is shown as <5; n/s marks a figure not shown so that a "
                        + "small number cannot be worked out from the totals."));
    }

    @Override
    public List<Report.Section> sections(ReportFilter filter) {
        Map<Long, long[]> views = new TreeMap<>();
        Map<Long, Long> denied = new HashMap<>();
        rollups.query("SELECT agency_id, role, action, outcome, sum(entries) FROM report_access_day",
                Rollups.where(filter).agency(filter, "agency_id"), "GROUP BY agency_id, role, action, outcome", rs -> {
                    long agency = rs.getLong(1);
                    if ("denied".equals(rs.getString(4))) {
                        denied.merge(agency, rs.getLong(5), Long::sum);
                    } else if ("view".equals(rs.getString(3))) {
                        int role = roleIndex(rs.getString(2));
                        if (role >= 0) {
                            views.computeIfAbsent(agency, k -> new long[ROLES.size()])[role] += rs.getLong(5);
                        }
                    }
                    return null;
                });
        Map<Long, long[]> unusual = new HashMap<>();
        rollups.query("SELECT agency_id, sum(record_views), sum(night_views), sum(night_users), sum(unrelated_views), "
                + "sum(users_many_unrelated), sum(break_glass_uses), sum(break_glass_reviewed) FROM report_unusual_day",
                Rollups.where(filter).agency(filter, "agency_id"), "GROUP BY agency_id", rs -> unusual.put(rs.getLong(1),
                        new long[] { rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8) }));

        ReportTable.Builder v = ReportTable.builder("views", "Record views by agency and role", "Agency");
        ROLES.forEach(r -> v.count(r[1]));
        v.count("All roles");
        int[] parts = new int[ROLES.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = i;
        }
        v.rowSum(ROLES.size(), parts).total("Total");
        sortedByName(views.keySet()).forEach(agency -> {
            long[] byRole = views.get(agency);
            List<Object> cells = new ArrayList<>();
            long all = 0;
            for (long n : byRole) {
                cells.add(n);
                all += n;
            }
            cells.add(all);
            v.row(name(agency), cells.toArray());
        });
        ReportTable viewTable = v.build();

        List<Long> agenciesSeen = new ArrayList<>(denied.keySet());
        unusual.keySet().stream().filter(a -> !denied.containsKey(a)).forEach(agenciesSeen::add);
        ReportTable.Builder d = ReportTable.builder("denials", "Refusals and emergency access by agency", "Agency")
                .count("Denied requests").count("Break-glass uses").count("Reviewed").share("Reviewed (%)", 2, 1).total("Total");
        ReportTable.Builder u = ReportTable.builder("unusual", "Unusual access by agency", "Agency").count("Record views")
                .count("Night views").count("Staff-days with night views").count("Views without a care relationship")
                .count("Staff-days opening 5+ unrelated clients").total("Total");
        for (long agency : sortedByName(agenciesSeen)) {
            long[] x = unusual.getOrDefault(agency, new long[7]);
            d.row(name(agency), denied.getOrDefault(agency, 0L), x[5], x[6], null);
            if (unusual.containsKey(agency)) {
                u.row(name(agency), x[0], x[1], x[2], x[3], x[4]);
            }
        }
        ReportTable denialTable = d.build();
        Map<Long, long[]> links = new TreeMap<>();
        rollups.query("SELECT agency_id, linked_by, count(*) FROM (SELECT agency_id, linked_by, report_day(confirmed_at) AS day "
                + "FROM care_relationship WHERE linked_by <> 'identifier') l", Rollups.where(filter).agency(filter, "agency_id"),
                "GROUP BY agency_id, linked_by", rs -> links.computeIfAbsent(rs.getLong(1), k -> new long[2])
                        ["identity_steward".equals(rs.getString(2)) ? 0 : 1] += rs.getLong(3));
        ReportTable.Builder l = ReportTable.builder("identity-links", "Care relationships made by identity match, by the agency that "
                + "gained them", "Agency").count("Links by identity steward").count("Links by strong identifier").total("Total");
        sortedByName(links.keySet()).forEach(agency -> l.row(name(agency), links.get(agency)[0], links.get(agency)[1]));
        return List.of(
                new Report.Section("Record views", null, viewTable, BarChart.of(viewTable, "All roles", "Record views by agency")),
                new Report.Section("Refusals and emergency access", null, denialTable, null),
                new Report.Section("Unusual access", "Counts only: privacy officers see who, in their agency's access log.",
                        u.build(), null),
                new Report.Section("Identity links", "Counts only: privacy officers see each link and who confirmed it, in their "
                        + "agency's access log.", l.build(), null));
    }

    private static int roleIndex(String role) {
        for (int i = 0; i < ROLES.size(); i++) {
            if (ROLES.get(i)[0].equals(role)) {
                return i;
            }
        }
        return -1;
    }

    private List<Long> sortedByName(java.util.Collection<Long> ids) {
        return ids.stream().sorted((a, b) -> name(a).compareTo(name(b))).toList();
    }

    private String name(long agencyId) {
        return agencyId == 0 ? "No agency" : agencies.find(agencyId).map(AgencyDirectory.AgencyRef::name).orElse("Agency " + agencyId);
    }
}
