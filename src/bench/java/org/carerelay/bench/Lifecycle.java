package org.carerelay.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * How a team works one delivery, as DeliveryService and EscalationJob would have recorded it:
 * acknowledge, sometimes take or get assigned, start, complete with an outcome; overdue open work is
 * escalated once by "system" about a minute after its due time. Delays depend on urgency; a small
 * share of old work is left open for good (the overdue tail of a real worklist). Nothing happens
 * after {@code now}.
 */
final class Lifecycle {

    record Step(Instant at, String from, String to, String action, Staff.Person actor, String outcome, String reason) {
    }

    static final class Result {
        String state = "new";
        String outcome;
        String reason;
        String owner;
        Instant acknowledged;
        Instant started;
        Instant completed;
        Instant escalated;
        int version;
        Staff.Person worker;
        final List<Step> steps = new ArrayList<>();
        /** The last moment anything happened on the delivery (views cluster before it). */
        Instant lastActivity;
    }

    static final Duration MAX_SPAN = Duration.ofDays(12);
    private static final List<String> NO_ACTION = List.of("Already in contact with the person this week.",
            "Information only; noted on our record.", "Person already seen by our team yesterday.");
    private static final List<String> DECLINED = List.of("Outside our service area; advised the source to refer locally.",
            "Person declined support from our team.", "Not eligible for this service; signposted to the county helpline.");
    private static final List<String> TRANSFERRED = List.of("Transferred to the north locality team.",
            "Passed to the person's existing care coordinator.", "Transferred to the out-of-hours team.");

    private Lifecycle() {
    }

    static double lognormal(Random r, double medianMinutes, double sigma) {
        return Math.exp(Math.log(medianMinutes) + sigma * r.nextGaussian());
    }

    private static Instant after(Instant t, double minutes) {
        return t.plusSeconds(Math.max(30, (long) (minutes * 60)));
    }

    static Result simulate(Random r, Network.Type type, long recipient, Instant created, Instant due, Instant now, Staff staff,
            boolean viaPartnerSystem) {
        Result x = new Result();
        Staff.Person partner = staff.partner(recipient);
        x.worker = viaPartnerSystem && partner != null ? partner : staff.worker(recipient, r);
        boolean info = type.urgency().equals("information_only");
        Instant limit = min(now, created.plus(MAX_SPAN));
        // How far this delivery gets before the team stops touching it (2 % of work is left open for good).
        int stopBefore = r.nextInt(1000) < 20 ? 1 + r.nextInt(3) : 99; // 1: before ack, 2: before start, 3: before completion
        double ackMedian = switch (type.urgency()) {
            case "urgent_review" -> Math.min(90, type.windowHours() * 60 * 0.25);
            case "routine_follow_up" -> 6 * 60;
            default -> 16 * 60;
        };
        Instant ack = after(created, lognormal(r, ackMedian, 1.0));
        if (stopBefore <= 1 || ack.isAfter(limit)) {
            return escalate(x, type, due, limit, r);
        }
        x.acknowledged = ack;
        move(x, ack, "acknowledged", "acknowledge", x.worker, null, null);
        Instant t = ack;
        if (r.nextInt(100) < 8) {
            Instant take = after(t, lognormal(r, 20, 0.8));
            if (take.isBefore(limit)) {
                x.worker = staff.worker(recipient, r);
                x.owner = x.worker.username();
                move(x, take, x.state, "take", x.worker, null, null);
                t = take;
            }
        } else if (r.nextInt(100) < 5) {
            Instant assign = after(t, lognormal(r, 40, 0.8));
            if (assign.isBefore(limit)) {
                x.worker = staff.worker(recipient, r);
                x.owner = x.worker.username();
                move(x, assign, x.state, "assign", staff.lead(recipient), null, "assigned to " + x.owner);
                t = assign;
            }
        }
        boolean starts = info ? r.nextInt(100) < 15 : r.nextInt(100) < 80;
        if (starts) {
            Instant start = after(t, lognormal(r, 45, 1.0));
            if (stopBefore <= 2 || start.isAfter(limit)) {
                return escalate(x, type, due, limit, r);
            }
            x.started = start;
            if (x.owner == null) {
                x.owner = x.worker.username();
            }
            move(x, start, "in_progress", "start", x.worker, null, null);
            t = start;
        }
        if (r.nextInt(100) < 4) {
            Instant note = after(t, lognormal(r, 60, 1.0));
            if (note.isBefore(limit)) {
                move(x, note, x.state, "note", x.worker, null, null);
                t = note;
            }
        }
        double doneMedian = info ? 30 : Math.max(30, type.windowHours() * 60 * 0.35);
        Instant done = after(t, lognormal(r, doneMedian, 0.9));
        if (stopBefore <= 3 || done.isAfter(limit)) {
            return escalate(x, type, due, limit, r);
        }
        int roll = r.nextInt(100);
        String outcome = info ? (roll < 70 ? "no_action_needed" : "actioned")
                : roll < 80 ? "actioned" : roll < 88 ? "no_action_needed" : roll < 95 ? "declined" : "transferred";
        x.outcome = outcome;
        x.reason = switch (outcome) {
            case "no_action_needed" -> EventData.pick(r, NO_ACTION);
            case "declined" -> EventData.pick(r, DECLINED);
            case "transferred" -> EventData.pick(r, TRANSFERRED);
            default -> null;
        };
        x.completed = done;
        move(x, done, "completed", "complete", x.worker, outcome, x.reason);
        return escalate(x, type, due, limit, r);
    }

    private static void move(Result x, Instant at, String to, String action, Staff.Person actor, String outcome, String reason) {
        x.steps.add(new Step(at, x.state, to, action, actor, outcome, reason));
        x.state = to;
        x.version++;
        x.lastActivity = at;
    }

    /** The escalation job: open past due at its next run (within a minute) means escalated once, state unchanged. */
    private static Result escalate(Result x, Network.Type type, Instant due, Instant limit, Random r) {
        Instant run = due.plusSeconds(5 + r.nextInt(55));
        boolean openThen = x.completed == null || x.completed.isAfter(run);
        if (openThen && !run.isAfter(limit)) {
            x.escalated = run;
            String stateThen = "new";
            for (Step s : x.steps) {
                if (!s.at().isAfter(run)) {
                    stateThen = s.to();
                }
            }
            x.steps.add(new Step(run, stateThen, stateThen, "escalate", null, null,
                    "overdue since " + due.truncatedTo(ChronoUnit.SECONDS)));
            x.steps.sort(Comparator.comparing(Step::at));
        }
        if (x.lastActivity == null) {
            x.lastActivity = x.acknowledged;
        }
        return x;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
