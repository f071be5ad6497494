package org.carerelay.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Walks the history day by day: starts journeys, shares each planned event when its time comes (event,
 * one delivery per route with the agreement's fields or a minimum notice, transitions, markers,
 * relationships, consent, handovers) and writes what people did around it into the audit trail:
 * transitions, record views before acting (some at night, some denied), worklist lists, emergency
 * access and its review, and a few users who open many clients their agency has no relationship with.
 */
final class History {

    static final String NO_RELATIONSHIP = "Your agency has no care relationship with this client. In an emergency you can request"
            + " time-limited access; it will be reviewed.";
    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILTERS = List.of("", "", "", "state=new", "due=overdue", "owner=me", "urgency=urgent_review",
            "state=in_progress", "due=today");

    final CopyTable events = new CopyTable("shared_event", "id, event_type_id, type_code, source_agency_id, client_id, occurred_at,"
            + " received_at, urgency, data, submitted_by");
    final CopyTable deliveries = new CopyTable("delivery", "id, event_id, recipient_agency_id, agreement_id, client_id, shared_fields,"
            + " minimum_notice, urgency, owner_username, state, outcome, outcome_reason, created_at, due_at, acknowledged_at, started_at,"
            + " completed_at, escalated_at, version");
    final CopyTable transitions = new CopyTable("delivery_transition", "delivery_id, from_state, to_state, action, actor, actor_agency_id,"
            + " at, outcome, reason");
    final CopyTable notes = new CopyTable("delivery_note", "delivery_id, author, agency_id, at, text");
    final CopyTable grants = new CopyTable("break_glass_grant", "id, client_id, username, agency_id, reason_category, justification,"
            + " granted_at, expires_at, review_outcome, review_note, reviewed_by, reviewed_at");

    private final Network network;
    private final Staff staff;
    private final Clients clients;
    private final Journeys journeys;
    private final Handovers handovers = new Handovers();
    private final Audit audit;
    private final Random r;
    private final Instant now;
    private final Instant start;
    private final int days;
    private final double[] cumulative;
    private final long targetDeliveries;
    private final long targetAudit;
    private final List<Object[]> snoopers = new ArrayList<>();
    private final Map<Long, Integer> deliveredToday = new HashMap<>();
    private final List<Long> emergencyAgencies;
    volatile int day;
    volatile long eventCount;
    volatile long deliveryCount;
    private long nextHandover = 1;
    private long nextGrant = 1;

    History(Network network, Staff staff, Clients clients, Audit audit, long seed, Instant now, int days, long targetDeliveries,
            long targetAudit) {
        this.network = network;
        this.staff = staff;
        this.clients = clients;
        this.audit = audit;
        this.r = new Random(seed);
        this.now = now;
        this.days = days;
        this.start = now.minus(Duration.ofDays(days));
        this.targetDeliveries = targetDeliveries;
        this.journeys = new Journeys(now);
        this.targetAudit = targetAudit;
        cumulative = new double[days];
        double sum = 0;
        for (int d = 0; d < days; d++) {
            int weekday = start.plus(Duration.ofDays(d)).atZone(ZONE).getDayOfWeek().getValue();
            sum += (weekday >= 6 ? 0.6 : 1.0) * (0.85 + 0.3 * d / days); // quieter weekends; the service grows over time
            cumulative[d] = sum;
        }
        for (int d = 0; d < days; d++) {
            cumulative[d] /= sum;
        }
        emergencyAgencies = List.of(network.id("eastside-community"), network.id("harbor-support"));
        List<String> snooperAgencies = List.of("eastside-community", "harbor-support", "northgate-housing", "county-welfare");
        for (int i = 0; i < Math.max(1, targetDeliveries / 500_000); i++) {
            long agency = network.id(snooperAgencies.get(i % snooperAgencies.size()));
            Staff.Person who = staff.worker(agency, r);
            for (int tries = 0; tries < 50 && !who.username().contains(".staff"); tries++) {
                who = staff.worker(agency, r); // a synthetic colleague, never a demo login
            }
            int first = days / 2 + r.nextInt(Math.max(1, days / 3));
            snoopers.add(new Object[] {who, first, Math.min(days, first + 21), 80 + r.nextInt(170)});
        }
    }

    List<CopyTable> tables() {
        List<CopyTable> t = new ArrayList<>(List.of(clients.clientRows, clients.identifiers, clients.consents, events, deliveries,
                transitions, notes));
        t.addAll(handovers.tables());
        t.add(grants);
        return t;
    }

    int bufferedChars() {
        return tables().stream().mapToInt(CopyTable::bufferedChars).sum();
    }

    /** Generates one day of history. */
    void day(int d) throws InterruptedException {
        day = d;
        Instant dayStart = start.plus(Duration.ofDays(d));
        Instant dayEnd = dayStart.plus(Duration.ofDays(1));
        deliveredToday.clear();
        // Journeys start until the events shared or waiting match the day's share of the preset's deliveries.
        double perEvent = eventCount > 1000 ? (double) deliveryCount / eventCount : 1.5;
        while (eventCount + journeys.queued() < targetDeliveries * cumulative[d] / perEvent) {
            int hour = r.nextInt(10) == 0 ? r.nextInt(24) : 7 + r.nextInt(13);
            Instant t = dayStart.atZone(ZONE).withHour(0).plusHours(hour).plusMinutes(r.nextInt(60)).toInstant();
            t = t.isBefore(dayStart) ? t.plus(Duration.ofDays(1)) : t;
            boolean returning = clients.size() > 100 && r.nextInt(100) < 40;
            journeys.start(r, t, returning ? clients.returning(r, (int) (targetDeliveries / days * 20)) : clients.create(r, t));
        }
        while (journeys.hasBefore(dayEnd)) {
            Journeys.Planned p = journeys.next();
            if (!p.at().isAfter(now)) {
                event(p);
            }
        }
        snoopers(d, dayStart);
        lists(d, dayStart);
        audit.release(dayEnd);
    }

    private void event(Journeys.Planned p) {
        Network.Type type = network.type(p.type());
        long source = network.id(p.source());
        List<Network.Route> routes = network.routes(source, type.code());
        if (routes.isEmpty()) {
            return; // no active agreement: the app refuses it and stores nothing
        }
        Clients.Client c = p.client();
        Staff.Person partner = staff.partner(source);
        boolean api = partner != null && r.nextInt(100) < (p.handover() ? 50 : 70);
        Staff.Person submitter = api ? partner : staff.worker(source, r);
        Instant occurred = p.at().truncatedTo(ChronoUnit.SECONDS);
        Instant received = p.handover() ? occurred : occurred.plusSeconds(api ? 60 + r.nextInt(1200) : 300 + r.nextInt(3000));
        if (received.isAfter(now)) {
            return;
        }
        Handovers.Doc doc = p.handover() ? Handovers.document(r, received, clients.person(c, source),
                network.slug(routes.get(0).recipientId())) : null;
        Map<String, Object> data = doc != null ? doc.eventData() : EventData.of(type, r, occurred);
        long eventId = ++eventCount;
        events.row(eventId, type.id(), type.code(), source, c.id, occurred, received, type.urgency(), new CopyTable.Json(json(data)),
                submitter.username());
        c.events++;
        clients.identify(c, source, received);
        clients.relate(c, source, "sent", received);
        String request = Audit.requestId(r);
        audit.write(received, request, submitter, "event", eventId, c.id,
                type.code() + " v" + type.version() + " shared with " + routes.size() + " recipient(s)");
        Instant due = occurred.plus(Duration.ofHours(type.windowHours()));
        for (int i = 0; i < routes.size(); i++) {
            Network.Route route = routes.get(i);
            long recipient = route.recipientId();
            boolean minimum = type.needsConsent() && !c.behavioralConsent.contains(recipient);
            List<String> shared = minimum ? List.of() : route.sharedFields();
            long id = ++deliveryCount;
            boolean partnerWorks = staff.partner(recipient) != null && r.nextInt(100) < 25;
            Lifecycle.Result w = Lifecycle.simulate(r, type, recipient, received, due, now, staff, partnerWorks);
            deliveries.row(id, eventId, recipient, route.agreementId(), c.id, shared, minimum, type.urgency(), w.owner, w.state, w.outcome,
                    w.reason, received, due, w.acknowledged, w.started, w.completed, w.escalated, w.version);
            transitions.row(id, null, "new", "deliver", submitter.username(), source, received, null, null);
            for (Lifecycle.Step s : w.steps) {
                transitions.row(id, s.from(), s.to(), s.action(), s.actor() == null ? "system" : s.actor().username(), recipient, s.at(),
                        s.outcome(), s.reason());
                if (s.actor() == null) {
                    audit.write(s.at(), "system", null, "delivery", id, c.id, "escalate (" + s.reason() + ")");
                } else {
                    audit.write(s.at(), Audit.requestId(r), s.actor(), "delivery", id, c.id,
                            s.action() + (s.outcome() == null ? "" : " (" + s.outcome() + ")"));
                }
                if (s.action().equals("note")) {
                    notes.row(id, s.actor().username(), recipient, s.at(), "Called the person; agreed a visit tomorrow morning.");
                }
            }
            clients.relate(c, recipient, "received", received);
            Long handoverId = null;
            if (doc != null && i == 0) {
                handoverId = nextHandover++;
                handovers.write(handoverId, doc, eventId, c.id, source, submitter.username(), received, recipient, w, r, now, audit, request,
                        submitter);
            }
            views(type, data, shared, id, c, w, received, handoverId);
            deliveredToday.merge(recipient, 1, Integer::sum);
        }
        clients.markers(c, type, eventId, received);
        if (p.consentTo() != null) {
            clients.consent(c, network.id(p.consentTo()), staff.worker(source, r).username(), source,
                    received.plus(Duration.ofMinutes(10 + r.nextInt(110))));
        }
        if (r.nextInt(2500) == 0) {
            long agency = emergencyAgencies.get(r.nextInt(emergencyAgencies.size()));
            if (!c.related(agency)) {
                breakGlass(c, staff.worker(agency, r), received.plus(Duration.ofMinutes(60 + r.nextInt(300))), "imminent_risk_to_life",
                        "Person collapsed at a community event; we need allergies and current medication.", "appropriate", null,
                        type.needsConsent() ? List.of() : typed(type, data.keySet().stream().toList()));
            }
        }
    }

    /** Views of the delivery's record by the recipient: before acting (the data-point report counts them), sometimes after. */
    private void views(Network.Type type, Map<String, Object> data, List<String> shared, long deliveryId, Clients.Client c,
            Lifecycle.Result w, Instant received, Long handoverId) {
        List<String> present = shared.stream().filter(data::containsKey).toList();
        List<String> typed = typed(type, present);
        Instant end = w.completed != null ? w.completed : min(now, received.plus(Duration.ofDays(3)));
        int roll = r.nextInt(100);
        int n = type.urgency().equals("information_only") ? (roll < 50 ? 0 : 1) : roll < 15 ? 0 : roll < 65 ? 1 : roll < 93 ? 2 : 3;
        for (int i = 0; i < n; i++) {
            view(type, present, typed, deliveryId, c, i == 0 ? w.worker : staff.worker(w.worker.agencyId(), r), viewTime(received, end),
                    handoverId);
        }
        if (w.completed != null && r.nextInt(100) < 12) {
            view(type, present, typed, deliveryId, c, staff.worker(w.worker.agencyId(), r),
                    viewTime(w.completed, w.completed.plus(Duration.ofDays(3))), handoverId);
        }
    }

    private void view(Network.Type type, List<String> present, List<String> typed, long deliveryId, Clients.Client c, Staff.Person who,
            Instant at, Long handoverId) {
        String request = Audit.requestId(r);
        if (who.roles().contains("partner-system")) {
            audit.view(at, request, who, "delivery", deliveryId, c.id, List.of(type.sensitivity()), present, "partner_system");
        } else if (handoverId != null) {
            List<String> fields = new ArrayList<>(typed);
            fields.add("DISCHARGE_HANDOVER.actionItems");
            fields.add("DISCHARGE_HANDOVER.escalationRules");
            audit.view(at, request, who, "handover", handoverId, c.id, List.of("health"), fields, "care_delivery");
        } else {
            audit.view(at, request, who, "client-record", c.id, c.id, typed.isEmpty() ? List.of() : List.of(type.sensitivity()), typed,
                    "care_delivery");
        }
        if (r.nextInt(1000) < 3 && !who.roles().contains("partner-system")) {
            Clients.Client other = clients.random(r);
            if (!other.related(who.agencyId())) {
                audit.denied(at.plusSeconds(20), Audit.requestId(r), who, "client-record", other.id, other.id, "care_delivery", NO_RELATIONSHIP);
            }
        }
    }

    private static List<String> typed(Network.Type type, List<String> fields) {
        return fields.stream().map(f -> type.code() + "." + f).toList();
    }

    /** A moment in [from, to], mostly in the daytime (local); about one view in twenty happens at night. */
    private Instant viewTime(Instant from, Instant to) {
        long span = Math.max(60, Duration.between(from, to).toSeconds());
        Instant at = from;
        for (int attempt = 0; attempt < 4; attempt++) {
            at = from.plusSeconds((long) (r.nextDouble() * span));
            int hour = at.atZone(ZONE).getHour();
            if (hour >= 6 && hour < 22 || r.nextInt(100) < 20) {
                break;
            }
        }
        return at;
    }

    private void breakGlass(Clients.Client c, Staff.Person who, Instant at, String reason, String justification, String review,
            String note, List<String> fields) {
        if (at.isAfter(now)) {
            return;
        }
        long id = nextGrant++;
        Long reviewer = c.relationships.keySet().stream().filter(a -> a != who.agencyId()).findFirst().orElse(null);
        Instant reviewedAt = at.plus(Duration.ofHours(20 + r.nextInt(100)));
        boolean reviewed = review != null && reviewer != null && reviewedAt.isBefore(now) && r.nextInt(100) < 85;
        Staff.Person officer = reviewer == null ? null : staff.privacyOfficer(reviewer);
        grants.row(id, c.id, who.username(), who.agencyId(), reason, justification, at, at.plus(Duration.ofHours(4)),
                reviewed ? review : null, reviewed ? note : null, reviewed ? officer.username() : null, reviewed ? reviewedAt : null);
        String label = switch (reason) {
            case "imminent_risk_to_life" -> "Imminent risk to the person's life or safety";
            case "unreachable_care_team" -> "The person's care team cannot be reached";
            default -> reason;
        };
        audit.entry(at, Audit.requestId(r), who, "break_glass", "client-record", c.id, c.id, List.of(), List.of(), "break_glass", true,
                label + ": " + justification);
        audit.view(at.plusSeconds(5), Audit.requestId(r), who, "client-record", c.id, c.id, List.of(), fields, "break_glass");
        if (reviewed) {
            audit.entry(reviewedAt, Audit.requestId(r), officer, "review", "break-glass-grant", id, c.id, List.of(), List.of(),
                    "privacy_review", true, review + (note == null ? "" : ": " + note));
        }
    }

    /** A few users open many clients their agency has no relationship with: denied, now and then through break-glass. */
    private void snoopers(int d, Instant dayStart) {
        for (Object[] s : snoopers) {
            Staff.Person who = (Staff.Person) s[0];
            if (d < (int) s[1] || d >= (int) s[2] || clients.size() < 1000) {
                continue;
            }
            int perDay = (int) s[3] / 21 + 1;
            for (int k = 0; k < perDay; k++) {
                Clients.Client c = clients.random(r);
                if (c.related(who.agencyId())) {
                    continue;
                }
                Instant at = dayStart.plus(Duration.ofMinutes(13 * 60 + r.nextInt(8 * 60)));
                if (r.nextInt(25) == 0) {
                    breakGlass(c, who, at, "unreachable_care_team", "Client phoned our office and said their worker is away this week.",
                            "not_appropriate", "No emergency: the person was not at risk and could wait for their team.", List.of());
                } else {
                    audit.denied(at, Audit.requestId(r), who, "client-record", c.id, c.id, "care_delivery", NO_RELATIONSHIP);
                }
            }
        }
    }

    /** Worklist, team and sent lists: what staff look at all day. They fill the day up to the audit volume of the preset. */
    private void lists(int d, Instant dayStart) {
        long deficit = (long) (targetAudit * cumulative[d]) - audit.created();
        int delivered = deliveredToday.values().stream().mapToInt(Integer::intValue).sum();
        long count = Math.max(delivered / 4, deficit);
        List<Long> agencies = new ArrayList<>(deliveredToday.keySet());
        if (agencies.isEmpty()) {
            return;
        }
        for (long i = 0; i < count; i++) {
            long agency = agencies.get(r.nextInt(agencies.size()));
            Instant at = dayStart.atZone(ZONE).withHour(0).plusHours(7 + r.nextInt(12)).plusSeconds(r.nextInt(3600)).toInstant();
            int kind = r.nextInt(100);
            String request = Audit.requestId(r);
            if (kind < 82) {
                Staff.Person who = staff.worker(agency, r);
                String filter = EventData.pick(r, FILTERS);
                audit.list(at, request, who, "worklist", "care_delivery", (r.nextInt(10) == 0 ? r.nextInt(25) : 25) + " deliveries; " + filter);
            } else if (kind < 92) {
                audit.list(at, request, staff.worker(agency, r), "worklist-row", "care_delivery",
                        "delivery " + (deliveryCount - r.nextInt((int) Math.min(deliveryCount, 5000))));
            } else if (kind < 96) {
                audit.list(at, request, staff.lead(agency), "team", "care_delivery",
                        r.nextInt(40) + " overdue or escalated deliveries, " + r.nextInt(5) + " overdue handover actions, workload of "
                                + (3 + r.nextInt(20)) + " owners");
            } else {
                audit.list(at, request, staff.worker(agency, r), "sent", "care_delivery", "25 sent events");
            }
        }
    }

    /** Events planned after the last day that are still in the past (received before now) are shared too. */
    void finish() throws InterruptedException {
        while (journeys.hasBefore(now)) {
            event(journeys.next());
        }
        audit.release(now);
    }

    private static String json(Map<String, Object> data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
