package org.carerelay.reporting;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.carerelay.reporting.MonthModel.Access;
import org.carerelay.reporting.MonthModel.Client;
import org.carerelay.reporting.ReportExpectations.Filter;

/**
 * The audit report's tables (record views by role, denials and break-glass, unusual access) for the seeded month,
 * worked out from the {@link ReportSeed} model by the definitions in docs/reports.md, never from the application.
 */
final class AuditReportExpectations {

    private final ReportSeed seed;
    private final Filter f;

    AuditReportExpectations(ReportSeed seed, Filter filter) {
        this.seed = seed;
        this.f = filter;
    }

    /** The main role: the first of these the person holds; a partner system by its purpose. */
    static String mainRole(Access a) {
        for (String role : List.of("commissioner", "privacy-officer", "agency-admin", "team-lead", "frontline")) {
            if (a.roles().contains(role)) {
                return role;
            }
        }
        return "partner_system".equals(a.purpose()) ? "partner-system" : "no-role";
    }

    private List<Access> accessInScope() {
        return seed.access.stream().filter(a -> f.inPeriod(a.at()) && f.agencyOk(a.agency())).toList();
    }

    ExpectedTable views() {
        String[][] roles = { { "frontline", "Frontline" }, { "team-lead", "Team lead" }, { "agency-admin", "Agency admin" },
            { "privacy-officer", "Privacy officer" }, { "commissioner", "Commissioner" }, { "partner-system", "Partner system" } };
        ExpectedTable t = new ExpectedTable("views", "Agency");
        for (String[] r : roles) {
            t.count(r[1]);
        }
        t.count("All roles").rowSum(6, 0, 1, 2, 3, 4, 5).total("Total");
        Map<String, long[]> byAgency = new TreeMap<>();
        for (Access a : accessInScope()) {
            if (a.action().equals("view") && a.allowed()) {
                long[] n = byAgency.computeIfAbsent(a.agency().name(), k -> new long[7]);
                for (int i = 0; i < roles.length; i++) {
                    if (roles[i][0].equals(mainRole(a))) {
                        n[i]++;
                        n[6]++;
                    }
                }
            }
        }
        byAgency.forEach((name, n) -> t.row(name, n[0], n[1], n[2], n[3], n[4], n[5], n[6]));
        return t.build();
    }

    private boolean related(Access a) {
        Client c = a.client();
        return seed.events.stream().anyMatch(e -> e.client == c
                && (e.source == a.agency() || e.deliveries.stream().anyMatch(d -> d.recipient == a.agency())));
    }

    /** Record views (allowed or refused) of a client, in scope. */
    private List<Access> recordViews() {
        return accessInScope().stream().filter(a -> a.action().equals("view") && a.client() != null).toList();
    }

    private List<MonthModel.Grant> grantsInScope() {
        return seed.grants.stream().filter(g -> f.inPeriod(g.granted()) && f.agencyOk(g.agency())).toList();
    }

    ExpectedTable denials() {
        ExpectedTable t = new ExpectedTable("denials", "Agency").count("Denied requests").count("Break-glass uses").count("Reviewed")
                .share("Reviewed (%)", 2, 1).total("Total");
        Map<String, long[]> byAgency = new TreeMap<>();
        accessInScope().stream().filter(a -> !a.allowed()).forEach(a -> byAgency.computeIfAbsent(a.agency().name(), k -> new long[3])[0]++);
        recordViews().forEach(a -> byAgency.computeIfAbsent(a.agency().name(), k -> new long[3]));
        for (MonthModel.Grant g : grantsInScope()) {
            long[] n = byAgency.computeIfAbsent(g.agency().name(), k -> new long[3]);
            n[1]++;
            n[2] += g.reviewed() ? 1 : 0;
        }
        byAgency.forEach((name, n) -> t.row(name, n[0], n[1], n[2], null));
        return t.build();
    }

    ExpectedTable unusual() {
        ExpectedTable t = new ExpectedTable("unusual", "Agency").count("Record views").count("Night views")
                .count("Staff-days with night views").count("Views without a care relationship")
                .count("Staff-days opening 5+ unrelated clients").total("Total");
        Map<String, long[]> byAgency = new TreeMap<>();
        Map<String, Set<Long>> unrelatedClients = new TreeMap<>();
        Map<String, Boolean> nightStaffDays = new TreeMap<>();
        for (Access a : recordViews()) {
            long[] n = byAgency.computeIfAbsent(a.agency().name(), k -> new long[5]);
            n[0]++;
            int hour = a.at().atZone(ReportSeed.ZONE).getHour();
            String staffDay = a.agency().name() + "|" + a.username() + "|" + a.at().atZone(ReportSeed.ZONE).toLocalDate();
            if (hour >= 22 || hour < 6) {
                n[1]++;
                if (nightStaffDays.put(staffDay, true) == null) {
                    n[2]++;
                }
            }
            if (!related(a)) {
                n[3]++;
                unrelatedClients.computeIfAbsent(staffDay, k -> new java.util.HashSet<>()).add(a.client().id);
            }
        }
        unrelatedClients.forEach((staffDay, clients) -> {
            if (clients.size() >= 5) {
                byAgency.get(staffDay.substring(0, staffDay.indexOf('|')))[4]++;
            }
        });
        grantsInScope().forEach(g -> byAgency.computeIfAbsent(g.agency().name(), k -> new long[5]));
        byAgency.forEach((name, n) -> t.row(name, n[0], n[1], n[2], n[3], n[4]));
        return t.build();
    }
}
