package org.carerelay.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.Eventually;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestMail;

/**
 * Urgent items for the notice tests: Riverside's EHR shares a symptom deterioration (urgent review) with Eastside, and
 * the mail about one delivery is read from the real SMTP server by address and reference only (other test classes make
 * urgent deliveries too).
 */
final class UrgentShares {

    private UrgentShares() {
    }

    /** Shares a symptom deterioration for a new client; returns Eastside's delivery of it. */
    static long share(String localId, String given, String family) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PartnerApi.share(PartnerTokens.RIVERSIDE, EventBodies.event("SYMPTOM_DETERIORATION",
                ClientBodies.person(localId, given, family, "1950-02-03"), now,
                EventBodies.fields("symptom", "Breathless", "severity", "severe", "reportedVia", "phone", "observedAt", now)));
        return TestDatabase.number("""
                SELECT d.id FROM delivery d JOIN agency a ON a.id = d.recipient_agency_id
                JOIN client_identifier i ON i.client_id = d.client_id
                WHERE i.local_id = ? AND a.slug = 'eastside-community'""", localId);
    }

    /** The messages to this address about this delivery. */
    static List<TestMail.Message> mail(String address, long deliveryId) {
        return TestMail.to(address).stream().filter(m -> m.body().contains("Reference: delivery " + deliveryId + "\n")).toList();
    }

    static void awaitMail(String address, long deliveryId) {
        Eventually.until("a notice about delivery " + deliveryId + " reaches " + address, Duration.ofSeconds(60),
                () -> !mail(address, deliveryId).isEmpty());
    }
}
