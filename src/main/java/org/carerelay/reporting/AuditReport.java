package org.carerelay.reporting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carerelay.access.Role;
import org.carerelay.audit.AuditAction;
import org.carerelay.audit.AuditOutcome;

/** Who looks at client records, what is refused, emergency access and access that looks unusual. */
@ApplicationScoped
public class AuditReport implements Report.Builder {

    /** A main role as the rollup ranks it, with its column header. */
    record RoleColumn(Role role, String header) {
    }

    static final List<RoleColumn> ROLES = List.of(new RoleColumn(Role.FRONTLINE, "Frontline"),
            new RoleColumn(Role.TEAM_LEAD, "Team lead"), new RoleColumn(Role.AGENCY_ADMIN, "Agency admin"),
            new RoleColumn(Role.PRIVACY_OFFICER, "Privacy officer"), new RoleColumn(Role.COMMISSIONER, "Commissioner"),
            new RoleColumn(Role.PARTNER_SYSTEM, "Partner system"));

    @Inject
    ReportStore store;

    @Inject
    AgencyNames agencies;

    @Override
    public Report.About about() {
        return new Report.About("audit", "Audit",
                "Who views client records, how often is access refused or forced, and does any access look unusual?");
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
                Report.Definition.smallCounts("the totals"));
    }

    @Override
    public List<Report.Section> sections(ReportFilter filter) {
        Map<Long, long[]> views = new TreeMap<>();
        Map<Long, Long> denied = new HashMap<>();
        for (ReportStore.Access a : store.access(filter)) {
            if (AuditOutcome.of(a.outcome()).orElse(null) == AuditOutcome.DENIED) {
                denied.merge(a.agencyId(), a.entries(), Long::sum);
            } else if (AuditAction.VIEW.code.equals(a.action())) {
                int role = roleIndex(a.role());
                if (role >= 0) {
                    views.computeIfAbsent(a.agencyId(), k -> new long[ROLES.size()])[role] += a.entries();
                }
            }
        }
        Map<Long, ReportStore.Unusual> unusual = new HashMap<>();
        store.unusual(filter).forEach(u -> unusual.put(u.agencyId(), u));

        ReportTable.Builder v = ReportTable.builder("views", "Record views by agency and role", "Agency");
        ROLES.forEach(r -> v.count(r.header()));
        v.count("All roles");
        int[] parts = new int[ROLES.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = i;
        }
        v.rowSum(ROLES.size(), parts).total("Total");
        agencies.sortedByName(views.keySet()).forEach(agency -> {
            long[] byRole = views.get(agency);
            List<Object> cells = new ArrayList<>();
            long all = 0;
            for (long n : byRole) {
                cells.add(n);
                all += n;
            }
            cells.add(all);
            v.row(agencies.name(agency), cells.toArray());
        });
        ReportTable viewTable = v.build();

        List<Long> agenciesSeen = new ArrayList<>(denied.keySet());
        unusual.keySet().stream().filter(a -> !denied.containsKey(a)).forEach(agenciesSeen::add);
        ReportTable.Builder d = ReportTable.builder("denials", "Refusals and emergency access by agency", "Agency")
                .count("Denied requests").count("Break-glass uses").count("Reviewed").share("Reviewed (%)", 2, 1).total("Total");
        ReportTable.Builder u = ReportTable.builder("unusual", "Unusual access by agency", "Agency").count("Record views")
                .count("Night views").count("Staff-days with night views").count("Views without a care relationship")
                .count("Staff-days opening 5+ unrelated clients").total("Total");
        for (long agency : agencies.sortedByName(agenciesSeen)) {
            ReportStore.Unusual x = unusual.getOrDefault(agency, new ReportStore.Unusual(agency, 0, 0, 0, 0, 0, 0, 0));
            d.row(agencies.name(agency), denied.getOrDefault(agency, 0L), x.breakGlassUses(), x.breakGlassReviewed(), null);
            if (unusual.containsKey(agency)) {
                u.row(agencies.name(agency), x.recordViews(), x.nightViews(), x.nightUsers(), x.unrelatedViews(), x.usersManyUnrelated());
            }
        }
        ReportTable denialTable = d.build();
        Map<Long, long[]> links = new TreeMap<>();
        store.identityLinks(filter).forEach(k -> links.computeIfAbsent(k.agencyId(), a -> new long[2])[k.bySteward() ? 0 : 1] += k.links());
        ReportTable.Builder l = ReportTable.builder("identity-links", "Care relationships made by identity match, by the agency that "
                + "gained them", "Agency").count("Links by identity steward").count("Links by strong identifier").total("Total");
        agencies.sortedByName(links.keySet()).forEach(agency -> l.row(agencies.name(agency), links.get(agency)[0], links.get(agency)[1]));
        return List.of(
                new Report.Section("Record views", null, viewTable, BarChart.of(viewTable, "All roles", "Record views by agency")),
                new Report.Section("Refusals and emergency access", null, denialTable, null),
                new Report.Section("Unusual access", "Counts only: privacy officers see who, in their agency's access log.",
                        u.build(), null),
                new Report.Section("Identity links", "Counts only: privacy officers see each link and who confirmed it, in their "
                        + "agency's access log.", l.build(), null));
    }

    private static int roleIndex(String keycloakName) {
        for (int i = 0; i < ROLES.size(); i++) {
            if (ROLES.get(i).role().keycloakName.equals(keycloakName)) {
                return i;
            }
        }
        return -1;
    }
}
