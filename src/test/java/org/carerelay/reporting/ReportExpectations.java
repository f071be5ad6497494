package org.carerelay.reporting;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.carerelay.reporting.MonthModel.Agency;
import org.carerelay.reporting.MonthModel.Client;
import org.carerelay.reporting.MonthModel.Delivery;
import org.carerelay.reporting.MonthModel.Event;
import org.carerelay.reporting.MonthModel.Type;

/**
 * Every report table the commissioner should see for the seeded month, worked out from the
 * {@link ReportSeed} model by the definitions in docs/reports.md (which day a record counts on,
 * what each figure counts, small-number rules). Table layouts (headers, row labels and order)
 * follow the pages; the figures never come from the application or its SQL. The audit report's tables:
 * {@link AuditReportExpectations}.
 */
final class ReportExpectations {

    /** The filters of one report request (null: not set). */
    record Filter(LocalDate from, LocalDate to, String agency, String type, String pathway) {
        static Filter month() {
            return new Filter(ReportSeed.FROM, ReportSeed.TO, null, null, null);
        }

        Filter agency(String slug) {
            return new Filter(from, to, slug, type, pathway);
        }

        Filter type(String code) {
            return new Filter(from, to, agency, code, pathway);
        }

        Filter pathway(String p) {
            return new Filter(from, to, agency, type, p);
        }

        /** The moment's day in the network's time zone is in the period. */
        boolean inPeriod(Instant at) {
            LocalDate day = at.atZone(ReportSeed.ZONE).toLocalDate();
            return !day.isBefore(from) && !day.isAfter(to);
        }

        boolean agencyOk(Agency a) {
            return agency == null || agency.equals(a.slug());
        }

        boolean typeOk(Type t) {
            return (type == null || type.equals(t.code())) && (pathway == null || pathway.equals(t.pathway()));
        }

        String query() {
            return "from=" + from + "&to=" + to + (agency == null ? "" : "&agency=" + agency) + (type == null ? "" : "&type=" + type)
                    + (pathway == null ? "" : "&pathway=" + pathway);
        }
    }

    static final String ACTIONED = "actioned";
    static final Duration DAYS_7 = Duration.ofDays(7);
    static final Duration HOURS_72 = Duration.ofHours(72);

    private final ReportSeed seed;
    private final Filter f;
    private final Instant now = Instant.now();

    ReportExpectations(ReportSeed seed, Filter filter) {
        this.seed = seed;
        this.f = filter;
    }

    /** The report's tables by id, in page order. */
    static Map<String, ExpectedTable> of(ReportSeed seed, String slug, Filter filter) {
        ReportExpectations x = new ReportExpectations(seed, filter);
        Map<String, ExpectedTable> tables = new LinkedHashMap<>();
        switch (slug) {
            case "timeliness" -> {
                tables.put("by-week", x.timelinessByWeek());
                tables.put("by-agency", x.timeliness("by-agency", "Recipient agency", d -> d.recipient.name()));
                tables.put("by-type", x.timeliness("by-type", "Event type", d -> d.event.type.title()));
            }
            case "continuity" -> tables.put("measures", x.continuity());
            case "duplication" -> {
                tables.put("contacts", x.contacts());
                tables.put("queries", x.queries());
            }
            case "data-points" -> tables.put("fields", x.fields());
            case "proportionality" -> tables.put("agreements", x.agreements());
            case "audit" -> {
                AuditReportExpectations audit = new AuditReportExpectations(seed, filter);
                tables.put("views", audit.views());
                tables.put("denials", audit.denials());
                tables.put("unusual", audit.unusual());
            }
            default -> throw new IllegalArgumentException(slug);
        }
        return tables;
    }

    // ------------------------------------------------------------------ scope

    /** Deliveries sent in the period to a recipient in scope, of a type in scope. */
    private List<Delivery> sent() {
        return seed.deliveries().stream().filter(d -> f.inPeriod(d.created) && f.agencyOk(d.recipient) && f.typeOk(d.event.type)).toList();
    }

    private static double minutes(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds() / 60.0;
    }

    private static long count(List<Delivery> ds, Predicate<Delivery> p) {
        return ds.stream().filter(p).count();
    }

    // ------------------------------------------------------------------ timeliness

    private boolean overdue(Delivery d) {
        return d.completed == null ? d.due.isBefore(now) : d.completed.isAfter(d.due);
    }

    private static boolean inWindow(Delivery d) {
        return d.completed != null && !d.completed.isAfter(d.due);
    }

    private ExpectedTable timeliness(String id, String rowHeader, Function<Delivery, String> label) {
        ExpectedTable t = new ExpectedTable(id, rowHeader).count("Delivered").count("Acknowledged")
                .duration("Median time to acknowledge", 50).duration("90th percentile to acknowledge", 90).count("Completed")
                .duration("Median time to complete", 50).duration("90th percentile to complete", 90).count("Completed within window")
                .share("Completed within window (%)", 7, 0).count("Overdue").count("Escalated").total("Total");
        Map<String, List<Delivery>> groups = new TreeMap<>();
        sent().forEach(d -> groups.computeIfAbsent(label.apply(d), k -> new ArrayList<>()).add(d));
        groups.forEach((name, ds) -> {
            List<Double> ack = ds.stream().filter(d -> d.acknowledged != null).map(d -> minutes(d.created, d.acknowledged)).toList();
            List<Double> done = ds.stream().filter(d -> d.completed != null).map(d -> minutes(d.created, d.completed)).toList();
            t.row(name, (long) ds.size(), (long) ack.size(), ack, ack, (long) done.size(), done, done,
                    count(ds, ReportExpectations::inWindow), null, count(ds, this::overdue), count(ds, d -> d.escalated != null));
        });
        return t.build();
    }

    private ExpectedTable timelinessByWeek() {
        ExpectedTable t = new ExpectedTable("by-week", "Week starting").count("Delivered").count("Completed within window")
                .share("Completed within window (%)", 1, 0).count("Overdue").total("Total");
        Map<String, List<Delivery>> weeks = new TreeMap<>();
        sent().forEach(d -> weeks.computeIfAbsent(d.created.atZone(ReportSeed.ZONE).toLocalDate().with(DayOfWeek.MONDAY).toString(),
                k -> new ArrayList<>()).add(d));
        weeks.forEach((week, ds) -> t.row(week, (long) ds.size(), count(ds, ReportExpectations::inWindow), null, count(ds, this::overdue)));
        return t.build();
    }

    // ------------------------------------------------------------------ continuity

    private ExpectedTable continuity() {
        ExpectedTable t = new ExpectedTable("measures", "Measure").count("Cases").count("Done in time").share("Share (%)", 1, 0);
        Type discharge = seed.types.get("DISCHARGE_HANDOVER");
        List<Event> discharges = seed.events.stream().filter(e -> e.type == discharge && f.inPeriod(e.received) && f.agencyOk(e.source)
                && f.typeOk(e.type)).toList();
        t.row("Discharges followed up within 72 h", (long) discharges.size(), discharges.stream().filter(this::followedUp).count(), null);
        String[][] measures = { { "MISSED_CONTACT_AFTER_CRISIS", "Missed contacts after crisis acted on within window" },
            { "FOLLOW_UP_MISSED", "Missed follow-ups acted on within window" },
            { "MISSED_WELFARE_CONTACT", "Missed welfare contacts acted on within window" } };
        for (String[] m : measures) {
            List<Delivery> ds = sent().stream().filter(d -> d.event.type.code().equals(m[0])).toList();
            t.row(m[1], (long) ds.size(), count(ds, d -> ACTIONED.equals(d.outcome) && inWindow(d)), null);
        }
        return t.build();
    }

    /** Within 72 h of the discharge: a delivery completed as actioned, the first contact, or a completed follow-up. */
    private boolean followedUp(Event e) {
        Instant limit = e.occurred.plus(HOURS_72);
        boolean actioned = e.deliveries.stream().anyMatch(d -> ACTIONED.equals(d.outcome) && !d.completed.isAfter(limit));
        boolean contact = e.handover != null && e.handover.contacts.stream().anyMatch(c -> !c.at().isAfter(limit));
        boolean followUp = seed.events.stream().anyMatch(o -> o.type.code().equals("FOLLOW_UP_COMPLETED") && o.client == e.client
                && !o.occurred.isBefore(e.occurred) && !o.occurred.isAfter(limit));
        return actioned || contact || followUp;
    }

    // ------------------------------------------------------------------ duplication

    record Contact(Agency agency, Client client, Instant at, Type type) {
    }

    /** Every contact in the data, whatever the filters (an earlier one may lie outside them). */
    private List<Contact> allContacts() {
        List<Contact> out = new ArrayList<>();
        for (Event e : seed.events) {
            for (Delivery d : e.deliveries) {
                if (ACTIONED.equals(d.outcome)) {
                    out.add(new Contact(d.recipient, e.client, d.completed, e.type));
                }
            }
            if (e.type.code().equals("FOLLOW_UP_COMPLETED")) {
                out.add(new Contact(e.source, e.client, e.occurred, e.type));
            }
            if (e.handover != null) {
                e.handover.contacts.forEach(c -> out.add(new Contact(c.agency(), e.client, c.at(), seed.types.get("DISCHARGE_HANDOVER"))));
            }
        }
        return out;
    }

    private ExpectedTable contacts() {
        ExpectedTable t = new ExpectedTable("contacts", "Agency").count("Contacts").count("Within 7 days of another agency's contact")
                .share("Share (%)", 1, 0).total("Total");
        List<Contact> all = allContacts();
        Map<String, long[]> byAgency = new TreeMap<>();
        for (Contact c : all) {
            if (!f.inPeriod(c.at()) || !f.agencyOk(c.agency()) || !f.typeOk(c.type())) {
                continue;
            }
            boolean repeated = all.stream().anyMatch(o -> o.client() == c.client() && o.agency() != c.agency()
                    && !o.at().isBefore(c.at().minus(DAYS_7)) && o.at().isBefore(c.at()));
            long[] n = byAgency.computeIfAbsent(c.agency().name(), k -> new long[2]);
            n[0]++;
            n[1] += repeated ? 1 : 0;
        }
        byAgency.forEach((name, n) -> t.row(name, n[0], n[1], null));
        return t.build();
    }

    private ExpectedTable queries() {
        ExpectedTable t = new ExpectedTable("queries", "Sending agency").count("Events").count("Queries for missing information")
                .per100("Queries per 100 events", 1, 0).count("Handovers").count("Incomplete handovers").share("Incomplete (%)", 4, 3)
                .total("Total");
        Map<String, long[]> bySource = new TreeMap<>();
        boolean dischargeInScope = f.typeOk(seed.types.get("DISCHARGE_HANDOVER"));
        for (Event e : seed.events) {
            if (!f.agencyOk(e.source)) {
                continue;
            }
            if (f.inPeriod(e.received) && f.typeOk(e.type)) {
                bySource.computeIfAbsent(e.source.name(), k -> new long[4])[0]++;
            }
            if (e.handover != null && dischargeInScope) {
                if (f.inPeriod(e.received)) { // first submitted with the event
                    long[] n = bySource.computeIfAbsent(e.source.name(), k -> new long[4]);
                    n[2]++;
                    n[3] += e.handover.incomplete ? 1 : 0;
                }
                long missing = e.handover.queries.stream().filter(q -> q.kind().equals("missing") && f.inPeriod(q.at())).count();
                if (missing > 0) {
                    bySource.computeIfAbsent(e.source.name(), k -> new long[4])[1] += missing;
                }
            }
        }
        bySource.forEach((name, n) -> t.row(name, n[0], n[1], null, n[2], n[3], null));
        return t.build();
    }

    // ------------------------------------------------------------------ data-point value

    private ExpectedTable fields() {
        ExpectedTable t = new ExpectedTable("fields", "Event type — field").count("Shared").count("Shown before completion")
                .share("Shown (%)", 1, 0).text("Note");
        List<Delivery> completed = sent().stream().filter(d -> d.completed != null).toList();
        List<Type> inScope = seed.types.values().stream().filter(f::typeOk)
                .sorted(Comparator.comparing(Type::pathway).thenComparing(Type::title)).toList();
        for (Type type : inScope) {
            for (int i = 0; i < type.fields().size(); i++) {
                String field = type.fields().get(i);
                String qualified = type.code() + "." + field;
                List<Delivery> shared = completed.stream().filter(d -> d.event.type == type && d.shared.contains(field)).toList();
                long shown = shared.stream().filter(d -> seed.access.stream().anyMatch(a -> a.action().equals("view") && a.allowed()
                        && a.agency() == d.recipient && a.client() == d.event.client && !a.at().isBefore(d.created)
                        && !a.at().isAfter(d.completed) && a.fields().contains(qualified))).count();
                String note = shared.isEmpty() ? "Not shared" : shown == 0 ? "Never shown" : "";
                t.row(type.title() + " — " + type.labels().get(i), (long) shared.size(), shown, null, note);
            }
        }
        return t.build();
    }

    // ------------------------------------------------------------------ proportionality

    private ExpectedTable agreements() {
        ExpectedTable t = new ExpectedTable("agreements", "Sharing agreement").count("Deliveries").count("Completed").count("Actioned")
                .count("No action needed").count("Other outcomes").share("Actioned (%)", 2, 1).text("Review date").text("Flags")
                .rowSum(1, 2, 3, 4).total("Total");
        LocalDate today = LocalDate.now(ReportSeed.ZONE);
        List<Delivery> sent = seed.deliveries().stream().filter(d -> f.inPeriod(d.created) && f.typeOk(d.event.type)
                && (f.agencyOk(d.recipient) || f.agencyOk(seed.agency(d.agreement.source())))).toList();
        seed.agreements.values().stream()
                .filter(a -> f.agency() == null || f.agency().equals(seed.agency(a.source()).slug())
                        || f.agency().equals(seed.agency(a.recipient()).slug()))
                .sorted(Comparator.comparing(MonthModel.Agreement::title)).forEach(a -> {
                    List<Delivery> ds = sent.stream().filter(d -> d.agreement == a).toList();
                    long completed = count(ds, d -> d.completed != null);
                    long actioned = count(ds, d -> ACTIONED.equals(d.outcome));
                    List<String> flags = new ArrayList<>();
                    if (!a.active()) {
                        flags.add("Suspended");
                    }
                    if (a.reviewDate().isBefore(today)) {
                        flags.add("Past review date");
                    }
                    if (completed >= 20 && actioned * 4 < completed) {
                        flags.add("Little action");
                    }
                    if (a.active() && ds.isEmpty()) {
                        flags.add("No use");
                    }
                    t.row(a.title(), (long) ds.size(), completed, actioned, count(ds, d -> "no_action_needed".equals(d.outcome)),
                            count(ds, d -> "declined".equals(d.outcome) || "transferred".equals(d.outcome)), null,
                            a.reviewDate().toString(), String.join("; ", flags));
                });
        return t.build();
    }
}
