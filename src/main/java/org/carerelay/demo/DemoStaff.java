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

    private DemoStaff() {
    }

    static String sender(String agency) {
        return WORKERS.get(agency).get(0);
    }

    static String worker(String agency, Random random) {
        List<String> staff = WORKERS.get(agency);
        return staff.get(random.nextInt(staff.size()));
    }
}
