package org.carerelay.deliveries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carerelay.deliveries.DeliveryService.Actor;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.Exchange;
import org.carerelay.harness.TestDatabase;
import org.carerelay.web.ProblemException;
import org.junit.jupiter.api.Test;

/** A delivery moves new → acknowledged → in progress → completed, and never loses an update. */
@QuarkusTest
@WithTestResource(CareRelayStack.class)
class DeliveryTransitionsTest {

    @Inject
    DeliveryService deliveries;

    @Inject
    Exchange exchange;

    long newDeliveryToWelfare() {
        return exchange.share("northgate-housing", "URGENT_ACCESS_PROBLEM", Exchange.newPerson(), Exchange.urgentAccess())
                .deliveries().stream().filter(r -> r.agency().equals("county-welfare")).findFirst().orElseThrow().deliveryId();
    }

    Actor welfare(String name) {
        return new Actor(name, exchange.agency("county-welfare"), false);
    }

    @Test
    void theLoopRecordsEachStepWithItsActor() {
        long id = newDeliveryToWelfare();
        ProblemException early = assertThrows(ProblemException.class,
                () -> deliveries.complete(id, welfare("advisor.welfare"), Outcome.ACTIONED, null, null));
        assertEquals("invalid-transition", early.type);
        assertTrue(early.getMessage().contains("Acknowledge it first"));

        deliveries.acknowledge(id, welfare("advisor.welfare"), null);
        deliveries.start(id, welfare("advisor.welfare"), null);
        ProblemException noReason = assertThrows(ProblemException.class,
                () -> deliveries.complete(id, welfare("advisor.welfare"), Outcome.DECLINED, " ", null));
        assertEquals("reason", noReason.errors.get(0).field());
        Delivery done = deliveries.complete(id, welfare("advisor.welfare"), Outcome.ACTIONED, null, null);
        assertEquals("completed", done.state);
        assertEquals("advisor.welfare", done.ownerUsername, "starting work takes ownership");
        assertEquals(4, TestDatabase.number("SELECT count(*) FROM delivery_transition WHERE delivery_id = ?", id));
        assertEquals(1, TestDatabase.number(
                "SELECT count(*) FROM delivery_transition WHERE delivery_id = ? AND action = 'complete' AND actor = 'advisor.welfare' AND outcome = 'actioned'", id));
        ProblemException again = assertThrows(ProblemException.class,
                () -> deliveries.acknowledge(id, welfare("advisor.welfare"), null));
        assertTrue(again.getMessage().contains("already completed"));
    }

    @Test
    void anotherAgencyCannotTouchTheDelivery() {
        long id = newDeliveryToWelfare();
        ProblemException foreign = assertThrows(ProblemException.class,
                () -> deliveries.acknowledge(id, new Actor("worker.harbor", exchange.agency("eastside-community"), false), null));
        assertEquals(404, foreign.status);
    }

    @Test
    void aStaleVersionIsToldWhoChangedItFirst() {
        long id = newDeliveryToWelfare();
        int seen = deliveries.acknowledge(id, welfare("first.user"), null).version;
        deliveries.take(id, welfare("first.user"), seen);
        ProblemException stale = assertThrows(ProblemException.class, () -> deliveries.start(id, welfare("second.user"), seen));
        assertEquals(409, stale.status);
        assertEquals("changed-by-someone-else", stale.type);
        assertTrue(stale.getMessage().contains("first.user"), stale.getMessage());
    }

    @Test
    void concurrentCompletionsLoseNoUpdate() throws Exception {
        long id = newDeliveryToWelfare();
        deliveries.acknowledge(id, welfare("lead"), null);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String name = "user" + i;
            Callable<String> work = () -> {
                start.await();
                try {
                    deliveries.complete(id, welfare(name), Outcome.ACTIONED, null, null);
                    return "done";
                } catch (ProblemException e) {
                    return e.type;
                }
            };
            results.add(pool.submit(work));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, outcomes.stream().filter("done"::equals).count(), outcomes.toString());
        assertEquals(5, outcomes.stream().filter("invalid-transition"::equals).count(), outcomes.toString());
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM delivery_transition WHERE delivery_id = ? AND action = 'complete'", id));
    }
}
