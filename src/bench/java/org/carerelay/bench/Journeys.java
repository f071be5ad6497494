package org.carerelay.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The three pathways as sequences of events about one person, like the demo history but at county
 * scale: a discharge with its follow-ups and the community team's feedback; behavioral-health
 * continuity between MindBridge and Harbor; housing and welfare alerts among Northgate, County
 * Welfare, Harbor and Eastside. Planned events wait in time order until the generator reaches them.
 */
final class Journeys {

    /** One planned event: who sends which type about whom, when. {@code consentTo}: consent recorded just after it. */
    record Planned(Instant at, long seq, String source, String type, Clients.Client client, boolean handover, String consentTo) {
    }

    /**
     * Shares of journeys: discharge, behavioral health, housing, welfare only. Housing and welfare events go to
     * two or three agencies, the others to one: this mix gives about 1.55 deliveries per event.
     */
    private static final int[] MIX = {22, 16, 40, 22};

    private final PriorityQueue<Planned> queue = new PriorityQueue<>(Comparator.comparing(Planned::at).thenComparingLong(Planned::seq));
    private final Instant now;
    private long seq;

    Journeys(Instant now) {
        this.now = now;
    }

    /** Planned events not shared yet (none after "now": those are never planned). */
    int queued() {
        return queue.size();
    }

    boolean hasBefore(Instant t) {
        return !queue.isEmpty() && queue.peek().at().isBefore(t);
    }

    Planned next() {
        return queue.poll();
    }

    private void add(Instant at, String source, String type, Clients.Client c) {
        add(at, source, type, c, false, null);
    }

    private void add(Instant at, String source, String type, Clients.Client c, boolean handover, String consentTo) {
        if (!at.isAfter(now)) {
            queue.add(new Planned(at, seq++, source, type, c, handover, consentTo));
        }
    }

    private static Instant hours(Instant t, Random r, int from, int to) {
        return t.plus(Duration.ofMinutes(from * 60L + r.nextInt(Math.max(1, (to - from) * 60))));
    }

    /** Plans one journey about the client starting at {@code start}. */
    void start(Random r, Instant start, Clients.Client c) {
        int roll = r.nextInt(100);
        if (roll < MIX[0]) {
            discharge(r, start, c);
        } else if (roll < MIX[0] + MIX[1]) {
            behavioralHealth(r, start, c);
        } else if (roll < MIX[0] + MIX[1] + MIX[2]) {
            housing(r, start, c);
        } else {
            welfare(r, start, c);
        }
    }

    private void discharge(Random r, Instant t, Clients.Client c) {
        add(t, "riverside-hospital", "DISCHARGE_HANDOVER", c, r.nextInt(100) < 80, null);
        add(t.plus(Duration.ofMinutes(100 + r.nextInt(40))), "riverside-hospital", "FOLLOW_UP_SCHEDULED", c);
        if (r.nextBoolean()) {
            add(hours(t, r, 20, 92), "riverside-hospital", "SYMPTOM_DETERIORATION", c);
        }
        if (r.nextInt(100) < 25) {
            add(hours(t, r, 24, 120), "eastside-community", "SYMPTOM_DETERIORATION", c);
        }
        int follow = r.nextInt(100);
        if (follow < 60) {
            add(hours(t, r, 48, 60), "eastside-community", "FOLLOW_UP_COMPLETED", c);
        } else if (follow < 75) {
            add(hours(t, r, 48, 60), "eastside-community", "FOLLOW_UP_MISSED", c);
        } else if (follow < 85) {
            add(hours(t, r, 48, 60), "riverside-hospital", "FOLLOW_UP_COMPLETED", c);
        }
        if (r.nextInt(100) < 8) {
            add(hours(t, r, 6, 72), "eastside-community", "URGENT_ACCESS_PROBLEM", c);
        }
    }

    private void behavioralHealth(Random r, Instant t, Clients.Client c) {
        add(t, "mindbridge-bh", "MISSED_CONTACT_AFTER_CRISIS", c, false, r.nextInt(3) > 0 ? "harbor-support" : null);
        add(t.plus(Duration.ofMinutes(60 + r.nextInt(30))), "mindbridge-bh", "FOLLOW_UP_SCHEDULED", c);
        if (r.nextBoolean()) {
            add(hours(t, r, 12, 108), "mindbridge-bh", "MEDICATION_ADHERENCE_RISK_CHANGE", c);
        }
        if (r.nextInt(5) == 0) {
            Instant concern = hours(t, r, 30, 102);
            add(concern, "mindbridge-bh", "SAFEGUARDING_CONCERN", c);
            if (r.nextInt(10) < 7) {
                add(hours(concern, r, 5 * 24, 20 * 24), "mindbridge-bh", "SAFEGUARDING_CONCERN_CLOSED", c);
            }
        }
        boolean missed = r.nextInt(3) == 0;
        add(hours(t, r, 74, 78), "harbor-support", missed ? "FOLLOW_UP_MISSED" : "FOLLOW_UP_COMPLETED", c, false,
                missed && r.nextBoolean() ? "mindbridge-bh" : null);
        if (r.nextInt(100) < 10) {
            add(hours(t, r, 24, 200), "harbor-support", "URGENT_ACCESS_PROBLEM", c);
        }
    }

    private void housing(Random r, Instant t, Clients.Client c) {
        add(t, "northgate-housing", "HOUSING_INSTABILITY_ALERT", c);
        if (r.nextBoolean()) {
            Instant stop = hours(t, r, 6, 54);
            add(stop, "county-welfare", "BENEFITS_INTERRUPTION", c);
            if (r.nextInt(10) < 6) {
                add(hours(stop, r, 5 * 24, 25 * 24), "county-welfare", "BENEFITS_RESTORED", c);
            }
        }
        if (r.nextInt(3) == 0) {
            add(hours(t, r, 24, 96), "county-welfare", "MISSED_WELFARE_CONTACT", c);
        }
        if (r.nextInt(4) == 0) {
            add(hours(t, r, 3, 103), "northgate-housing", "URGENT_ACCESS_PROBLEM", c);
        }
        if (r.nextInt(100) < 45) {
            add(hours(t, r, 7 * 24, 40 * 24), "northgate-housing", "HOUSING_STABILISED", c);
        }
    }

    private void welfare(Random r, Instant t, Clients.Client c) {
        add(t, "county-welfare", "BENEFITS_INTERRUPTION", c);
        if (r.nextInt(10) < 6) {
            add(hours(t, r, 5 * 24, 25 * 24), "county-welfare", "BENEFITS_RESTORED", c);
        }
        if (r.nextInt(10) < 3) {
            add(hours(t, r, 24, 96), "county-welfare", "MISSED_WELFARE_CONTACT", c);
        }
    }
}
