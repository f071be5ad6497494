package org.carerelay.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.carerelay.events.EventIngest;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.Exchange;
import org.junit.jupiter.api.Test;

/** New deliveries are announced through PostgreSQL after commit, and only after commit. */
@QuarkusTest
@WithTestResource(CareRelayStack.class)
class FanOutTest {

    @Inject
    FanOut fanOut;

    @Inject
    Exchange exchange;

    @Test
    void committedDeliveriesAreAnnouncedAndRolledBackOnesAreNot() throws Exception {
        LinkedBlockingQueue<Announcement> heard = new LinkedBlockingQueue<>();
        Runnable unsubscribe = fanOut.subscribe(heard::add);
        try {
            QuarkusTransaction.requiringNew().run(() -> fanOut.announce(new Announcement(Announcement.DELIVERY_CREATED, -1, -1, -1, -1, "test")));
            Announcement first = heard.poll(5, TimeUnit.SECONDS);
            assertEquals(-1, first.deliveryId());

            QuarkusTransaction.begin();
            fanOut.announce(new Announcement(Announcement.DELIVERY_CREATED, -2, -2, -2, -2, "test"));
            QuarkusTransaction.rollback();

            EventIngest.Result result = exchange.share("northgate-housing", "URGENT_ACCESS_PROBLEM", Exchange.newPerson(), Exchange.urgentAccess());
            for (int i = 0; i < result.deliveries().size(); i++) {
                Announcement a = heard.poll(5, TimeUnit.SECONDS);
                assertEquals(Announcement.DELIVERY_CREATED, a.kind());
                assertEquals(result.clientId(), a.clientId(), "the rolled-back announcement never arrives; the ingest's do");
            }
            assertNull(heard.poll(1, TimeUnit.SECONDS));
        } finally {
            unsubscribe.run();
        }
    }
}
