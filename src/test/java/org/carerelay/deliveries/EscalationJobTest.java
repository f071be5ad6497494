package org.carerelay.deliveries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.carerelay.clock.CareClock;
import org.carerelay.deliveries.DeliveryService.Actor;
import org.carerelay.events.EventIngest;
import org.carerelay.fanout.Announcement;
import org.carerelay.fanout.FanOut;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.Exchange;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Overdue work is escalated exactly once: an urgent access problem (window 8 h) is not escalated
 * on arrival; 9 hours later each open delivery is, once, with its transition, audit entry and
 * announcement; completed work never is; two runs at the same time share the work.
 */
@QuarkusTest
@WithTestResource(CareRelayStack.class)
class EscalationJobTest {

    @Inject
    EscalationJob job;

    @Inject
    CareClock clock;

    @Inject
    Exchange exchange;

    @Inject
    DeliveryService deliveries;

    @Inject
    FanOut fanOut;

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void driveTheJobByHand() throws InterruptedException {
        // The fast tests run with the schedule off (pom); where it is on, pause it and let a run
        // that started before the pause finish (a run takes milliseconds).
        scheduler.pause(EscalationJob.IDENTITY);
        Thread.sleep(300);
        job.runOnce(); // what is overdue already (other tests' data) is escalated before we start
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
        scheduler.resume(EscalationJob.IDENTITY);
    }

    List<Long> urgentAccessProblem() {
        EventIngest.Result result = exchange.share("northgate-housing", "URGENT_ACCESS_PROBLEM", Exchange.newPerson(),
                Exchange.urgentAccess());
        assertTrue(result.deliveries().size() >= 2, "shared with the welfare office and Eastside at least");
        return result.deliveries().stream().map(EventIngest.Receipt::deliveryId).toList();
    }

    @Test
    void eachOpenDeliveryIsEscalatedOnceWhenOverdueAndACompletedOneNever() throws Exception {
        List<Long> open = urgentAccessProblem();
        long welfare = exchange.agency("county-welfare");
        long acknowledged = open.stream().filter(id -> recipient(id) == welfare).findFirst().orElseThrow();
        deliveries.acknowledge(acknowledged, new Actor("advisor.welfare", welfare, false), null);
        long completed = urgentAccessProblem().stream().filter(id -> recipient(id) == welfare).findFirst().orElseThrow();
        deliveries.acknowledge(completed, new Actor("advisor.welfare", welfare, false), null);
        deliveries.complete(completed, new Actor("advisor.welfare", welfare, false), Outcome.ACTIONED, null, null);

        job.runOnce();
        for (long id : open) {
            assertNull(escalatedAt(id), "within its 8 h window: not escalated");
        }

        LinkedBlockingQueue<Announcement> heard = new LinkedBlockingQueue<>();
        Runnable unsubscribe = fanOut.subscribe(heard::add);
        try {
            clock.advance(Duration.ofHours(9));
            long before = escalations();
            int escalated = job.runOnce();
            assertTrue(escalated >= open.size(), "escalated " + escalated);
            assertEquals(escalations() - before, escalated, "one transition per escalated delivery");
            for (long id : open) {
                assertNotNull(escalatedAt(id));
                assertEquals(1, TestDatabase.number("""
                        SELECT count(*) FROM delivery_transition t JOIN delivery d ON d.id = t.delivery_id
                        WHERE t.delivery_id = ? AND t.action = 'escalate' AND t.actor = 'system' AND t.from_state = d.state
                          AND t.to_state = d.state AND t.actor_agency_id = d.recipient_agency_id AND t.at = d.escalated_at
                          AND t.reason LIKE 'overdue since 20%Z'""", id));
                assertEquals(1, TestDatabase.number("""
                        SELECT count(*) FROM audit_entry WHERE action = 'write' AND resource_type = 'delivery' AND resource_id = ?
                          AND username = 'system' AND user_id IS NULL AND reason LIKE 'escalate (overdue since %'""",
                        String.valueOf(id)));
            }
            assertEquals(1, TestDatabase.number("""
                    SELECT count(*) FROM delivery_transition WHERE delivery_id = ? AND action = 'escalate'
                      AND from_state = 'acknowledged' AND to_state = 'acknowledged'""", acknowledged),
                    "escalation leaves the state as it was");
            assertNull(escalatedAt(completed), "completed work is never escalated");
            assertEquals(0, TestDatabase.number(
                    "SELECT count(*) FROM delivery_transition WHERE delivery_id = ? AND action = 'escalate'", completed));

            Set<Long> announced = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!announced.containsAll(open) && System.nanoTime() < deadline) {
                Announcement a = heard.poll(500, TimeUnit.MILLISECONDS);
                if (a != null && Announcement.DELIVERY_CHANGED.equals(a.kind()) && "system".equals(a.actor())) {
                    announced.add(a.deliveryId());
                }
            }
            assertTrue(announced.containsAll(open), "open worklists are told: " + announced + " of " + open);
        } finally {
            unsubscribe.run();
        }

        assertEquals(0, job.runOnce(), "a second run finds nothing left to escalate");
        clock.advance(Duration.ofHours(24));
        job.runOnce();
        for (long id : open) {
            assertEquals(1, TestDatabase.number(
                    "SELECT count(*) FROM delivery_transition WHERE delivery_id = ? AND action = 'escalate'", id),
                    "still escalated once, however overdue");
        }
    }

    @Test
    void twoRunsAtTheSameTimeEscalateEachDeliveryOnce() throws Exception {
        List<Long> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.addAll(urgentAccessProblem());
        }
        clock.advance(Duration.ofHours(9));
        long before = escalations();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return job.runOnce();
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> run : runs) {
                total += run.get(30, TimeUnit.SECONDS);
            }
            assertTrue(total >= open.size(), "escalated " + total + " of at least " + open.size());
            assertEquals(escalations() - before, total, "each escalation counted by exactly one run");
        } finally {
            pool.shutdown();
        }
        for (long id : open) {
            assertNotNull(escalatedAt(id));
            assertEquals(1, TestDatabase.number(
                    "SELECT count(*) FROM delivery_transition WHERE delivery_id = ? AND action = 'escalate'", id));
        }
        assertEquals(0, job.runOnce());
    }

    static long escalations() {
        return TestDatabase.number("SELECT count(*) FROM delivery_transition WHERE action = 'escalate'");
    }

    static long recipient(long deliveryId) {
        return TestDatabase.number("SELECT recipient_agency_id FROM delivery WHERE id = ?", deliveryId);
    }

    static java.sql.Timestamp escalatedAt(long deliveryId) {
        try (Connection c = TestDatabase.owner(); PreparedStatement s = c.prepareStatement("SELECT escalated_at FROM delivery WHERE id = ?")) {
            s.setLong(1, deliveryId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getTimestamp(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
