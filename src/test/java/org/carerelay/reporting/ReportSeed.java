package org.carerelay.reporting;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carerelay.harness.TestNames;
import org.carerelay.reporting.MonthModel.Access;
import org.carerelay.reporting.MonthModel.Agency;
import org.carerelay.reporting.MonthModel.Agreement;
import org.carerelay.reporting.MonthModel.Client;
import org.carerelay.reporting.MonthModel.Delivery;
import org.carerelay.reporting.MonthModel.Event;
import org.carerelay.reporting.MonthModel.FirstContact;
import org.carerelay.reporting.MonthModel.Grant;
import org.carerelay.reporting.MonthModel.Handover;
import org.carerelay.reporting.MonthModel.Query;
import org.carerelay.reporting.MonthModel.Type;

/**
 * A month of network activity (March 2019, a period no other test uses) written straight into the
 * test database as the owner role: clients, events and their deliveries at explicit historical
 * times in the network's time zone, discharge handovers with incomplete flags, queries and first
 * contacts, completed follow-ups, record views with the fields they showed, refusals, night and
 * unrelated views, and break-glass grants. Everything is kept as a Java model, from which
 * {@link ReportExpectations} works out every report figure on its own (never with the
 * application's SQL). The demo network's agencies, event types and sharing agreements are read
 * from the database and used as they are ({@link ReportSeedStore}).
 */
final class ReportSeed {

    static final ZoneId ZONE = ZoneId.of("America/New_York");
    static final LocalDate FROM = LocalDate.of(2019, 3, 1);
    static final LocalDate TO = LocalDate.of(2019, 3, 31);
    /** Seeded client ids start here: far beyond the identity sequence, and easy to look for in a page. */
    static final long CLIENT_BASE = 9_190_301_000L;

    final Map<String, Agency> agencies = new LinkedHashMap<>();
    final Map<String, Type> types = new LinkedHashMap<>();
    final Map<String, Agreement> agreements = new LinkedHashMap<>();
    final String tag = TestNames.letters(8);
    final List<Client> clients = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<Access> access = new ArrayList<>();
    final List<Grant> grants = new ArrayList<>();
    /** Handovers never submitted (drafts): they must count nowhere. */
    int drafts;

    Agency agency(long id) {
        return agencies.values().stream().filter(a -> a.id() == id).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ the month, as a model

    static Instant t(String monthDayTime) {
        return LocalDateTime.parse("2019-" + monthDayTime.replace(' ', 'T')).atZone(ZONE).toInstant();
    }

    private Client client(int index) {
        while (clients.size() < index) {
            Client c = new Client();
            c.index = clients.size() + 1;
            c.id = CLIENT_BASE + c.index;
            c.given = "Q" + TestNames.letters(7);
            c.family = "Zr" + tag + TestNames.letters(4);
            clients.add(c);
        }
        return clients.get(index - 1);
    }

    /** An event received at {@code received} (local time), that happened {@code before} minutes earlier. */
    private Event event(String type, String source, int client, String received, int before) {
        Event e = new Event();
        e.type = types.get(type);
        e.source = agencies.get(source);
        e.client = client(client);
        e.received = t(received);
        e.occurred = e.received.minus(Duration.ofMinutes(before));
        int n = events.size();
        for (String field : e.type.fields()) {
            // required fields always; optional ones on some events only, so some fields are shared less often
            if (e.type.required().contains(field) || (n + field.length()) % 3 != 0) {
                e.data.put(field, "Rptsecret " + field + " " + tag);
            }
        }
        e.client.localIds.putIfAbsent(source, source.substring(0, 3).toUpperCase() + "-RPT" + tag.toUpperCase() + "-" + client);
        events.add(e);
        return e;
    }

    /**
     * A delivery of the event, acknowledged and completed {@code ack} and {@code done} minutes after
     * it was created (null: not yet). Overdue work is escalated unless {@code escalated} is false.
     */
    private Delivery to(Event e, String recipient, String agreement, Integer ack, Integer done, String outcome, boolean escalated) {
        Delivery d = new Delivery();
        d.event = e;
        d.recipient = agencies.get(recipient);
        d.agreement = agreements.get(agreement);
        if (d.agreement == null || d.agreement.recipient() != d.recipient.id() || d.agreement.source() != e.source.id()
                || !d.agreement.allowed().containsKey(e.type.code())) {
            throw new IllegalStateException("no agreement " + agreement + " for " + e.type.code() + " to " + recipient);
        }
        d.created = e.received;
        d.due = d.created.plus(Duration.ofHours(e.type.windowHours()));
        d.acknowledged = ack == null ? null : d.created.plus(Duration.ofMinutes(ack));
        d.completed = done == null ? null : d.created.plus(Duration.ofMinutes(done));
        d.outcome = done == null ? null : outcome;
        boolean overdue = d.completed == null || d.completed.isAfter(d.due);
        d.escalated = overdue && escalated ? d.due.plus(Duration.ofMinutes(1)) : null;
        List<String> allowed = d.agreement.allowed().get(e.type.code());
        d.shared = e.data.keySet().stream().filter(f -> allowed == null || allowed.contains(f)).toList();
        e.deliveries.add(d);
        return d;
    }

    private Delivery to(Event e, String recipient, String agreement, Integer ack, Integer done, String outcome) {
        return to(e, recipient, agreement, ack, done, outcome, true);
    }

    private Handover handover(Event e, boolean incomplete) {
        Handover h = new Handover();
        h.event = e;
        h.incomplete = incomplete;
        e.handover = h;
        if (incomplete) { // the automatic query for the missing parts, raised on submission
            h.queries.add(new Query("missing", e.received, true, e.deliveries.get(0).recipient, "Rptsecret automatic " + tag));
        }
        return h;
    }

    private void view(Delivery d, String user, List<String> roles, Instant at, boolean allowed, String... fields) {
        List<String> shown = java.util.Arrays.stream(fields).map(f -> d.event.type.code() + "." + f).toList();
        access.add(new Access(at, user, d.recipient, roles, "view", d.event.client, shown,
                roles.contains("partner-system") ? "partner_system" : "care_delivery", allowed));
    }

    private void access(String at, String user, String agency, List<String> roles, String action, Integer client, boolean allowed) {
        access.add(new Access(t(at), user, agencies.get(agency), roles, action, client == null ? null : client(client), List.of(),
                roles.contains("privacy-officer") ? "privacy_review" : "care_delivery", allowed));
    }

    private static final String A = "actioned";
    private static final String N = "no_action_needed";
    private static final String D = "declined";
    private static final String T = "transferred";
    private static final List<String> FRONTLINE = List.of("frontline");

    void build() {
        String riv = "riverside-hospital";
        String east = "eastside-community";
        String mb = "mindbridge-bh";
        String harbor = "harbor-support";
        String ng = "northgate-housing";
        String cw = "county-welfare";

        // -- discharge handovers, Riverside → Eastside (24 h window); #0 before and #13 after the period
        String[] dischargeAt = { "02-28 23:30", "03-01 00:05", "03-04 09:00", "03-05 10:00", "03-07 11:00", "03-10 01:30",
            "03-12 14:00", "03-14 09:30", "03-18 16:00", "03-20 08:00", "03-22 12:00", "03-26 13:00", "03-31 23:50", "04-01 00:10" };
        int[] dischargeAck = { 30, 4, 8, 12, 18, 25, 40, 55, 80, 110, 170, 230, 350, 20 };
        int[] dischargeDone = { 90, 300, 600, 900, 1200, 1440, 1500, 2000, 700, 800, 5000, 1000, 500, 100 };
        String[] dischargeOutcome = { A, A, A, N, A, A, D, N, N, T, A, N, A, A };
        boolean[] incomplete = { false, false, true, false, false, true, false, false, true, false, true, false, false, false };
        List<Delivery> discharges = new ArrayList<>();
        for (int i = 0; i < dischargeAt.length; i++) {
            Event e = event("DISCHARGE_HANDOVER", riv, i == 0 ? 13 : i == 13 ? 14 : i, dischargeAt[i], 60);
            discharges.add(to(e, east, "RIV-EAST-DISCHARGE", dischargeAck[i], dischargeDone[i], dischargeOutcome[i]));
            handover(e, incomplete[i]);
        }
        Agency eastside = agencies.get(east);
        discharges.get(1).event.handover.contacts.add(new FirstContact(eastside, t("03-01 08:00")));
        discharges.get(4).event.handover.contacts.add(new FirstContact(eastside, t("03-07 15:00")));
        discharges.get(6).event.handover.contacts.add(new FirstContact(eastside, t("03-15 14:30"))); // 73.5 h: too late
        discharges.get(7).event.handover.contacts.add(new FirstContact(eastside, t("03-15 10:00")));
        discharges.get(12).event.handover.contacts.add(new FirstContact(eastside, t("04-01 09:00")));
        discharges.get(0).event.handover.queries.add(new Query("missing", t("03-01 09:00"), false, eastside, "Rptsecret query " + tag));
        discharges.get(3).event.handover.queries.add(new Query("missing", t("03-06 10:00"), false, eastside, "Rptsecret query " + tag));
        discharges.get(6).event.handover.queries.add(new Query("missing", t("03-13 10:00"), false, eastside, "Rptsecret query " + tag));
        discharges.get(9).event.handover.queries.add(new Query("missing", t("03-21 10:00"), false, eastside, "Rptsecret query " + tag));
        discharges.get(4).event.handover.queries.add(new Query("wrong", t("03-08 10:00"), false, eastside, "Rptsecret query " + tag));
        discharges.get(11).event.handover.queries.add(new Query("wrong", t("03-27 10:00"), false, eastside, "Rptsecret query " + tag));
        discharges.get(12).event.handover.queries.add(new Query("missing", t("04-02 10:00"), false, eastside, "Rptsecret query " + tag));
        drafts = 1;

        // -- symptom deterioration, Riverside → Eastside (4 h window)
        int[] symptomClient = { 1, 2, 4, 5, 15, 16, 17, 18 };
        String[] symptomAt = { "03-03 11:00", "03-06 09:00", "03-08 13:00", "03-12 10:00", "03-15 15:00", "03-19 09:30", "03-25 10:00",
            "03-28 12:00" };
        int[] symptomAck = { 3, 6, 9, 14, 22, 35, 50, 70 };
        int[] symptomDone = { 60, 120, 200, 240, 260, 400, 90, 150 };
        String[] symptomOutcome = { A, A, N, A, A, D, A, N };
        List<Delivery> symptoms = new ArrayList<>();
        for (int i = 0; i < symptomAt.length; i++) {
            Event e = event("SYMPTOM_DETERIORATION", riv, symptomClient[i], symptomAt[i], 20);
            symptoms.add(to(e, east, "RIV-EAST-DISCHARGE", symptomAck[i], symptomDone[i], symptomOutcome[i]));
        }

        // -- urgent access problems from Northgate (8 h window): to Eastside, and to County Welfare (one still open)
        String[] accessAt = { "03-03 18:00", "03-09 20:00", "03-16 22:30", "03-27 07:00" };
        int[] accessDone = { 200, 470, 481, 600 };
        String[] accessOutcome = { A, A, N, A };
        for (int i = 0; i < 4; i++) {
            Event e = event("URGENT_ACCESS_PROBLEM", ng, 19 + i, accessAt[i], 30);
            to(e, east, "NORTHGATE-EAST-ACCESS", new int[] { 5, 15, 45, 100 }[i], accessDone[i], accessOutcome[i], i != 3);
        }
        to(event("URGENT_ACCESS_PROBLEM", ng, 23, "03-13 09:00", 30), cw, "NORTHGATE-COUNTY-HOUSING", 10, 300, N);
        to(event("URGENT_ACCESS_PROBLEM", ng, 24, "03-29 09:00", 30), cw, "NORTHGATE-COUNTY-HOUSING", null, null, null);

        // -- missed contact after crisis, MindBridge → Harbor (24 h window): five clients Eastside contacted days before
        int[] crisisClient = { 1, 2, 4, 5, 7, 25, 26, 27, 28, 29 };
        String[] crisisAt = { "03-02 14:00", "03-05 12:00", "03-08 09:00", "03-11 08:00", "03-15 10:00", "03-18 09:00", "03-21 09:00",
            "03-23 09:00", "03-26 09:00", "03-29 09:00" };
        int[] crisisAck = { 5, 10, 20, 30, 60, 90, 120, 240, 480, 15 };
        int[] crisisDone = { 100, 300, 700, 1400, 1441, 2000, 800, 1200, 3000, 1600 };
        String[] crisisOutcome = { A, A, A, A, A, N, A, D, A, A };
        List<Delivery> crisis = new ArrayList<>();
        for (int i = 0; i < crisisAt.length; i++) {
            Event e = event("MISSED_CONTACT_AFTER_CRISIS", mb, crisisClient[i], crisisAt[i], 120);
            crisis.add(to(e, harbor, "MB-HARBOR-CONTINUITY", crisisAck[i], crisisDone[i], crisisOutcome[i], i != 4));
        }

        // -- scheduled follow-ups missed (24 h window): MindBridge → Harbor, Harbor → MindBridge, Eastside → Riverside
        String[] missedAt = { "03-06 09:00", "03-13 09:00", "03-20 09:00" };
        for (int i = 0; i < 3; i++) {
            to(event("FOLLOW_UP_MISSED", mb, 30 + i, missedAt[i], 60), harbor, "MB-HARBOR-CONTINUITY", new int[] { 30, 60, 90 }[i],
                    new int[] { 500, 1000, 2000 }[i], A);
        }
        to(event("FOLLOW_UP_MISSED", harbor, 30, "03-09 10:00", 60), mb, "HARBOR-MB-CONTINUITY", 45, 700, A);
        int[] feedbackClient = { 1, 2, 3, 33, 34, 35 };
        String[] feedbackAt = { "03-03 10:00", "03-06 10:00", "03-07 10:00", "03-12 10:00", "03-19 10:00", "03-26 10:00" };
        for (int i = 0; i < 6; i++) {
            to(event("FOLLOW_UP_MISSED", east, feedbackClient[i], feedbackAt[i], 60), riv, "EAST-RIV-FEEDBACK",
                    new int[] { 10, 20, 40, 80, 160, 320 }[i], new int[] { 200, 400, 800, 1600, 3200, 6400 }[i], A);
        }

        // -- follow-up contacts completed (shared as events; each is a contact by its source)
        int[] followClient = { 9, 1, 4, 15, 16 };
        String[] followAt = { "03-21 09:30", "03-02 10:30", "03-09 12:30", "03-16 10:30", "03-20 15:30" };
        String[] followOutcome = { N, N, N, A, N };
        for (int i = 0; i < 5; i++) {
            to(event("FOLLOW_UP_COMPLETED", east, followClient[i], followAt[i], 30), riv, "EAST-RIV-FEEDBACK",
                    100 * (i + 1), new int[] { 1000, 2000, 3000, 4000, 11000 }[i], followOutcome[i]);
        }
        to(event("FOLLOW_UP_COMPLETED", harbor, 25, "03-19 11:00", 30), mb, "HARBOR-MB-CONTINUITY", 50, 600, N);
        to(event("FOLLOW_UP_COMPLETED", harbor, 26, "03-22 11:00", 30), mb, "HARBOR-MB-CONTINUITY", 70, 900, N);
        to(event("FOLLOW_UP_COMPLETED", harbor, 2, "02-26 12:30", 30), mb, "HARBOR-MB-CONTINUITY", 70, 900, N);

        // -- housing instability, Northgate → County Welfare (48 h window): many completed, few actioned;
        //    the first two also went to Harbor
        List<Delivery> housing = new ArrayList<>();
        Set<Integer> actioned = Set.of(0, 1, 5, 9, 14);
        Set<Integer> declined = Set.of(3, 17);
        Set<Integer> transferred = Set.of(7, 20);
        for (int i = 0; i < 24; i++) {
            Event e = event("HOUSING_INSTABILITY_ALERT", ng, 40 + i, String.format("03-%02d %02d:%02d", 2 + i, 10 + i % 7, 7 * i % 60), 90);
            String outcome = actioned.contains(i) ? A : declined.contains(i) ? D : transferred.contains(i) ? T : N;
            Integer done = i >= 22 ? null : 600 + 250 * i;
            housing.add(to(e, cw, "NORTHGATE-COUNTY-HOUSING", i == 23 ? null : 20 + 37 * i, done, outcome));
            if (i < 2) {
                to(e, harbor, "NORTHGATE-HARBOR-HOUSING", new int[] { 60, 200 }[i], new int[] { 1000, 2500 }[i], i == 0 ? A : N);
            }
        }

        // -- missed welfare contacts, County Welfare → Northgate (48 h window), one still open
        int[] welfareClient = { 40, 42, 43, 44, 45, 46, 47 };
        String[] welfareAt = { "03-04 10:00", "03-08 10:00", "03-12 10:00", "03-15 10:00", "03-18 10:00", "03-22 10:00", "03-26 10:00" };
        Integer[] welfareAck = { 30, 60, 120, 240, 480, 960, null };
        Integer[] welfareDone = { 1000, 2000, 2880, 3000, 4000, 500, null };
        String[] welfareOutcome = { A, A, A, A, A, A, null };
        for (int i = 0; i < 7; i++) {
            to(event("MISSED_WELFARE_CONTACT", cw, welfareClient[i], welfareAt[i], 45), ng, "WELFARE-NORTHGATE-BENEFITS",
                    welfareAck[i], welfareDone[i], welfareOutcome[i]);
        }

        // -- record views: what recipients had on screen before completing (data-point value), and the audit report
        List<String> eastA = FRONTLINE;
        List<String> lead = List.of("frontline", "team-lead");
        List<String> partner = List.of("partner-system");
        for (int i = 1; i <= 12; i++) {
            Delivery d = discharges.get(i);
            Instant afterAck = d.acknowledged.plus(Duration.ofMinutes(2));
            switch (i) {
                case 3 -> { } // never opened
                case 6 -> view(d, "rpt.east.a", eastA, d.completed.plus(Duration.ofMinutes(10)), true, d.shared.toArray(String[]::new));
                case 8 -> view(d, "service-account-rpt-eastside", partner, afterAck, true, "dischargeDate", "dischargeRecommendation",
                        "triageNotes", "followUpNeeds");
                case 11 -> view(d, "rpt.east.a", eastA, afterAck, false, d.shared.toArray(String[]::new));
                case 12 -> view(d, "rpt.east.a", eastA, t("04-01 00:30"), true, d.shared.toArray(String[]::new));
                default -> {
                    if (i % 2 == 1) {
                        view(d, "rpt.east.a", eastA, afterAck, true, d.shared.toArray(String[]::new));
                    } else {
                        view(d, "rpt.east.a", eastA, afterAck, true, "dischargeDate", "triageNotes");
                    }
                }
            }
        }
        view(discharges.get(5), "rpt.east.lead", lead, t("03-10 23:30"), true, "mobilityConcerns");
        for (int j = 0; j < 8; j++) {
            Delivery d = symptoms.get(j);
            Instant at = d.acknowledged.plus(Duration.ofMinutes(1));
            if (j < 4) {
                view(d, "rpt.east.b", FRONTLINE, at, true, j % 2 == 0 ? new String[] { "symptom", "severity" }
                        : d.shared.toArray(String[]::new));
            } else {
                view(d, "service-account-rpt-eastside", partner, at, true, "symptom");
            }
        }
        for (int i = 0; i < 12; i++) {
            Delivery d = housing.get(i);
            view(d, "rpt.cw.a", FRONTLINE, d.acknowledged.plus(Duration.ofMinutes(3)), true, "riskType", "details");
        }
        view(housing.get(22), "rpt.cw.a", FRONTLINE, housing.get(22).acknowledged.plus(Duration.ofMinutes(3)), true, "riskType");
        for (int i = 0; i < 7; i++) {
            Delivery d = crisis.get(i);
            view(d, "rpt.harbor.a", FRONTLINE, d.acknowledged.plus(Duration.ofMinutes(1)), true, i == 0
                    ? d.shared.toArray(String[]::new) : new String[] { "crisisDischargeDate", "missedContactAt", "contactAttempts",
                        "lastKnownRiskLevel" });
        }
        access("03-04 23:00", "rpt.riv.a", riv, FRONTLINE, "view", 1, true);
        access("03-07 23:00", "rpt.riv.a", riv, FRONTLINE, "view", 2, true);
        access("03-13 16:00", "rpt.east.priv", east, List.of("privacy-officer"), "view", 6, true);
        access("03-13 16:05", "rpt.east.priv", east, List.of("privacy-officer"), "view", 7, true);
        access("03-13 16:10", "rpt.east.priv", east, List.of("privacy-officer"), "list", null, true);
        access("03-21 10:00", "rpt.ng.admin", ng, List.of("agency-admin"), "view", 41, true);
        access("02-28 23:59", "rpt.east.a", east, FRONTLINE, "view", 3, true);

        // night views (22:00–06:00 local), allowed or refused
        access("03-06 23:45", "rpt.east.a", east, FRONTLINE, "view", 3, true);
        access("03-07 00:15", "rpt.east.a", east, FRONTLINE, "view", 3, true);
        access("03-08 05:59", "rpt.east.b", east, FRONTLINE, "view", 4, true);
        access("03-08 06:00", "rpt.east.b", east, FRONTLINE, "view", 4, true);
        access("03-14 22:00", "rpt.cw.b", cw, FRONTLINE, "view", 50, true);
        access("03-15 02:00", "rpt.cw.b", cw, FRONTLINE, "view", 51, true);
        access("03-15 03:00", "rpt.cw.b", cw, FRONTLINE, "view", 52, true);
        access("03-20 23:59", "rpt.cw.b", cw, FRONTLINE, "view", 53, true);
        access("03-21 05:00", "rpt.cw.b", cw, FRONTLINE, "view", 54, true);
        access("03-21 06:01", "rpt.cw.b", cw, FRONTLINE, "view", 55, true);

        // clients of other agencies: one person opens six in a day, then four; another four (one twice)
        for (int c = 1; c <= 6; c++) {
            access(String.format("03-12 10:%02d", 5 * c), "rpt.ng.a", ng, FRONTLINE, "view", c, true);
        }
        access("03-12 11:00", "rpt.ng.a", ng, FRONTLINE, "view", 1, true);
        access("03-12 23:10", "rpt.ng.a", ng, FRONTLINE, "view", 11, false);
        for (int c = 7; c <= 10; c++) {
            access(String.format("03-13 10:%02d", 5 * c), "rpt.ng.a", ng, FRONTLINE, "view", c, true);
        }
        access("03-13 12:00", "rpt.ng.a", ng, FRONTLINE, "export", null, false);
        for (int c : new int[] { 12, 13, 14, 15, 12 }) {
            access("03-19 14:" + (10 + c), "rpt.ng.b", ng, FRONTLINE, "view", c, true);
        }
        for (int c = 1; c <= 5; c++) {
            access("03-20 15:0" + c, "rpt.ng.b", ng, FRONTLINE, "view", c, false);
        }
        // four opened and one refused: five different clients in a day only if refusals count as opening
        for (int c : new int[] { 33, 34, 35, 19 }) {
            access("03-25 11:" + (10 + c), "rpt.harbor.b", harbor, FRONTLINE, "view", c, true);
        }
        access("03-25 11:59", "rpt.harbor.b", harbor, FRONTLINE, "view", 20, false);
        access("03-18 09:00", "rpt.east.b", east, FRONTLINE, "list", null, false);
        access("03-27 09:00", "rpt.riv.a", riv, FRONTLINE, "write", 1, false);

        // break-glass: granted in the period, some reviewed; one before and one after the period
        for (int i = 0; i < 10; i++) {
            grants.add(new Grant(client(1 + i % 6), "rpt.ng.a", agencies.get(ng), t(String.format("03-12 10:%02d", 2 + 5 * i)), i < 5));
        }
        for (int i = 0; i < 6; i++) {
            grants.add(new Grant(client(1 + i), "rpt.cw.b", agencies.get(cw), t(String.format("03-%02d 12:00", 5 + 3 * i)), false));
        }
        grants.add(new Grant(client(33), "rpt.harbor.b", agencies.get(harbor), t("03-25 11:00"), true));
        grants.add(new Grant(client(34), "rpt.harbor.b", agencies.get(harbor), t("03-25 11:05"), false));
        for (int i = 0; i < 3; i++) {
            grants.add(new Grant(client(33 + i), "rpt.east.b", eastside, t("03-1" + i + " 09:00"), true));
        }
        grants.add(new Grant(client(1), "rpt.ng.a", agencies.get(ng), t("02-28 23:00"), true));
        grants.add(new Grant(client(1), "rpt.ng.a", agencies.get(ng), t("04-01 00:30"), false));
    }

    List<Delivery> deliveries() {
        return events.stream().flatMap(e -> e.deliveries.stream()).toList();
    }

    /** Strings that identify a seeded person or carry free text: none may appear in a report or its CSV. */
    List<String> secrets() {
        List<String> out = new ArrayList<>();
        out.add(tag);
        out.add("Rptsecret");
        out.add(Long.toString(CLIENT_BASE / 1000));
        for (Client c : clients) {
            out.add(c.given);
            out.add(c.family);
            out.addAll(c.localIds.values());
        }
        return out;
    }
}
