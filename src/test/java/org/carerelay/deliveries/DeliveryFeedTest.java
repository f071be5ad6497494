package org.carerelay.deliveries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.carerelay.events.EventIngest;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.Exchange;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/** The feed never skips a delivery, even when transactions commit out of order. */
@QuarkusTest
@WithTestResource(CareRelayStack.class)
class DeliveryFeedTest {

    @Inject
    DeliveryFeed feed;

    @Inject
    Exchange exchange;

    List<Long> readAll(long agency, String[] cursor) {
        List<Long> ids = new ArrayList<>();
        while (true) {
            DeliveryFeed.Page page = Exchange.inTransaction(() -> feed.page(agency, cursor[0], 2));
            page.items().forEach(i -> ids.add(i.id()));
            cursor[0] = page.next();
            if (page.items().isEmpty()) {
                return ids;
            }
        }
    }

    @Test
    void deliveriesCommittedOutOfOrderAreAllReturnedOnce() throws Exception {
        long welfare = exchange.agency("county-welfare");
        EventIngest.Result seed = exchange.share("northgate-housing", "URGENT_ACCESS_PROBLEM", Exchange.newPerson(), Exchange.urgentAccess());
        long seedDelivery = seed.deliveries().stream().filter(r -> r.agency().equals("county-welfare")).findFirst().orElseThrow().deliveryId();
        String[] cursor = {null};
        List<Long> seen = new ArrayList<>(readAll(welfare, cursor));
        assertTrue(seen.contains(seedDelivery));

        try (Connection slow = TestDatabase.owner(); Connection fast = TestDatabase.owner()) {
            slow.setAutoCommit(false);
            fast.setAutoCommit(false);
            long slowId = insertCopy(slow, seedDelivery);   // older transaction, smaller id, commits last
            long fastId = insertCopy(fast, seedDelivery);   // newer transaction, larger id, commits first
            assertTrue(slowId < fastId);
            fast.commit();

            List<Long> whileSlowIsOpen = readAll(welfare, cursor);
            assertFalse(whileSlowIsOpen.contains(fastId), "a delivery is held back while an older transaction may still commit");
            seen.addAll(whileSlowIsOpen);

            slow.commit();
            seen.addAll(readAll(welfare, cursor));
            assertTrue(seen.contains(slowId), "the late commit is not skipped");
            assertTrue(seen.contains(fastId));
        }
        Set<Long> unique = new HashSet<>(seen);
        assertEquals(unique.size(), seen.size(), "no delivery is returned twice");
        assertEquals(TestDatabase.number("SELECT count(*) FROM delivery WHERE recipient_agency_id = ?", welfare), unique.size(),
                "every delivery of the agency was returned");
    }

    private static long insertCopy(Connection connection, long deliveryId) throws Exception {
        try (PreparedStatement s = connection.prepareStatement("""
                INSERT INTO delivery (event_id, recipient_agency_id, agreement_id, client_id, shared_fields, minimum_notice, urgency,
                                      state, created_at, due_at)
                SELECT event_id, recipient_agency_id, agreement_id, client_id, shared_fields, minimum_notice, urgency, 'new', now(), due_at
                FROM delivery WHERE id = ? RETURNING id""")) {
            s.setLong(1, deliveryId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
