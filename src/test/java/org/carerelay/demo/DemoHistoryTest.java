package org.carerelay.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/** The local stack's demo history is lived-in: every delivery state, some overdue, all three pathways. */
@QuarkusTest
@WithTestResource(CareRelayStack.class)
class DemoHistoryTest {

    @Inject
    DemoHistory history;

    @Test
    void twoWeeksOfHistoryInEveryState() {
        long eventsBefore = TestDatabase.number("SELECT count(*) FROM shared_event WHERE submitted_by LIKE '%.%'");
        history.load(24);
        assertTrue(TestDatabase.number("SELECT count(*) FROM shared_event WHERE submitted_by LIKE '%.%'") - eventsBefore >= 40,
                "dozens of events");
        for (String state : new String[] {"new", "acknowledged", "in_progress", "completed"}) {
            assertTrue(TestDatabase.number("SELECT count(*) FROM delivery WHERE state = ?", state) > 0, "some deliveries are " + state);
        }
        assertTrue(TestDatabase.number("SELECT count(*) FROM delivery WHERE state <> 'completed' AND due_at < now()") > 0, "some are overdue");
        assertTrue(TestDatabase.number("SELECT count(DISTINCT t.pathway) FROM shared_event e JOIN event_type t ON t.id = e.event_type_id") == 3);
        assertTrue(TestDatabase.number("SELECT count(*) FROM delivery_transition WHERE at < now() - interval '3 days'") > 0,
                "transitions happened at their historical times");
        assertTrue(TestDatabase.number("SELECT count(*) FROM client c WHERE (SELECT count(*) FROM client_identifier i WHERE i.client_id = c.id) > 1") > 0,
                "some clients are known to several agencies");
    }
}
