package org.carerelay.concerns;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.carerelay.clock.NetworkTimeZone;
import org.carerelay.deliveries.Delivery;
import org.carerelay.events.SharedEvent;
import org.carerelay.sql.AdvisoryLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Evaluates the concern rules incrementally, inside the transaction that stores the event: for each current rule
 * version with a signal the event matches, it records the hit for that (rule, client) only, then re-checks that one
 * pair with an indexed query. An open concern of the pair takes the new signal (and reaches any agency newly involved);
 * otherwise the pair's free signals are checked against the rule's threshold within its window, and a concern is raised
 * (live: delivered to every agency involved; shadow: only counted). The pair is locked while it is checked, so two
 * events about the same person never raise two concerns.
 *
 * <p>{@code carerelay.concerns.enabled=false} switches evaluation off (nothing recorded, nothing raised; an operator's
 * switch, and the "no rules" side of benchmark P7); the rules stay published and shown.
 */
@ApplicationScoped
public class ConcernEvaluation {

    @Inject
    ConcernRules rules;

    @Inject
    ConcernStore store;

    @Inject
    ConcernDelivery delivery;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    NetworkTimeZone network;

    @ConfigProperty(name = "carerelay.concerns.enabled", defaultValue = "true")
    boolean enabled;

    /** Called by EventIngest for every stored event, after its deliveries (they tell which agencies are involved). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onEvent(SharedEvent event, List<Delivery> deliveries) {
        if (!enabled || RuleChecks.CONCERN_TYPE.equals(event.typeCode)) {
            return;
        }
        List<RuleStore.Version> current = rules.current();
        ZoneId zone = network.timeZone();
        boolean settled = false;
        for (RuleStore.Version v : current) {
            boolean hit = false;
            for (ConcernRule.Signal s : v.rule().signals()) {
                if (RuleMatching.matches(s, event.typeCode, event.data)) {
                    store.recordSignal(v.id(), event.clientId, s.key(), false, event.id, event.sourceAgencyId, event.occurredAt);
                    hit = true;
                }
                Optional<java.time.Instant> due = RuleMatching.dueTime(s, event.typeCode, event.data, zone);
                if (due.isPresent()) {
                    store.expect(v.id(), s.key(), event.clientId, event.id, s.notHappened().expectedType(), due.get());
                }
                if (!settled && s.notHappened() != null && s.notHappened().expectedType().equals(event.typeCode)) {
                    store.settle(event.clientId, event.typeCode, event.occurredAt);
                    settled = true;
                }
            }
            if (hit) {
                checkPair(v, event.clientId, event.occurredAt);
            }
        }
    }

    /** The scheduler's part: expectations past their due time become overdue signals, each pair re-checked. */
    @Transactional
    public int raiseOverdue(int limit) {
        if (!enabled) {
            return 0;
        }
        List<ConcernStore.DueExpectation> due = store.claimDue(clock.instant(), limit);
        for (ConcernStore.DueExpectation x : due) {
            store.recordSignal(x.ruleId(), x.clientId(), x.signalKey(), true, x.eventId(), x.agencyId(), x.dueAt());
            RuleStore.Version v = rules.version(x.ruleId());
            if (v.current()) {
                checkPair(v, x.clientId(), x.dueAt());
            }
        }
        return due.size();
    }

    /** A steward linked a provisional client to another: its signals follow, and each rule is re-checked for the merged client. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clientsLinked(long provisional, long target) {
        Instant now = clock.instant();
        for (long ruleId : store.moveClient(provisional, target)) {
            RuleStore.Version v = rules.version(ruleId);
            if (enabled && v.current()) {
                store.freeSignals(ruleId, target, now, Duration.ofDays(v.rule().windowDays() * 2L)).stream()
                        .map(RuleMatching.Hit::at).max(Instant::compareTo).ifPresent(at -> checkPair(v, target, at));
            }
        }
    }

    /**
     * A steward undid a link: the signals go back with their events (nothing is re-checked: the provisional client's own
     * signals met no rule before the link, and the linked client keeps any concern raised over the linked person).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clientsUnlinked(long provisional, long target) {
        store.moveBack(provisional, target);
    }

    /** Re-checks one (rule, client) pair around the time of its newest signal. */
    void checkPair(RuleStore.Version v, long clientId, Instant around) {
        AdvisoryLock.takeFor(em, "concern:" + v.id() + ":" + clientId);
        Duration window = Duration.ofDays(v.rule().windowDays());
        Optional<ConcernStore.Concern> open = store.openConcern(v.id(), clientId);
        if (open.isPresent()) {
            List<Long> added = store.freeSignalsSince(v.id(), clientId, open.get().raisedAt().minus(window));
            if (!added.isEmpty()) {
                store.attach(open.get().id(), added);
                if (!open.get().shadow()) {
                    delivery.reachNewlyInvolved(open.get(), v);
                }
            }
            return;
        }
        List<RuleMatching.Hit> matched = RuleMatching.meetingThreshold(v.rule(), store.freeSignals(v.id(), clientId, around, window));
        if (matched.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        long concernId = store.raise(v.id(), clientId, v.shadow(), now);
        store.attach(concernId, matched.stream().map(RuleMatching.Hit::id).toList());
        if (!v.shadow()) {
            delivery.share(concernId, clientId, v, now);
        }
    }
}
