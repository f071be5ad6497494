package org.carerelay.demo;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Who sends and who works deliveries at each demo agency (DEMO-NETWORK.md). */
final class DemoStaff {

    private static final Map<String, List<String>> WORKERS = Map.of(
            "riverside-hospital", List.of("nurse.riverside", "lead.riverside"),
            "eastside-community", List.of("responder.eastside", "lead.eastside"),
            "mindbridge-bh", List.of("clinician.mindbridge"),
            "harbor-support", List.of("worker.harbor"),
            "northgate-housing", List.of("officer.northgate"),
            "county-welfare", List.of("advisor.welfare"));

    /** The demo users of DEMO-NETWORK.md, so team leads can assign to them before they first sign in. */
    private static final List<String[]> PEOPLE = List.of(
            new String[] {"nurse.riverside", "Amara Okafor", "riverside-hospital", "frontline"},
            new String[] {"lead.riverside", "Daniel Whitfield", "riverside-hospital", "frontline,team-lead"},
            new String[] {"responder.eastside", "Jordan Reyes", "eastside-community", "frontline"},
            new String[] {"lead.eastside", "Maya Thompson", "eastside-community", "frontline,team-lead"},
            new String[] {"clinician.mindbridge", "Priya Raman", "mindbridge-bh", "frontline"},
            new String[] {"worker.harbor", "Leo Fischer", "harbor-support", "frontline"},
            new String[] {"officer.northgate", "Grace Mwangi", "northgate-housing", "frontline"},
            new String[] {"advisor.welfare", "Ben Carter", "county-welfare", "frontline"});

    private DemoStaff() {
    }

    static void register(org.carerelay.agencies.StaffDirectory staff, org.carerelay.agencies.AgencyDirectory agencies) {
        for (String[] p : PEOPLE) {
            staff.record(p[0], p[1], agencies.find(p[2]).orElseThrow().id(), List.of(p[3].split(",")));
        }
    }

    static String sender(String agency) {
        return WORKERS.get(agency).get(0);
    }

    static String worker(String agency, Random random) {
        List<String> staff = WORKERS.get(agency);
        return staff.get(random.nextInt(staff.size()));
    }
}
