package org.carerelay.harness;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.catalogue.Sensitivity;
import org.carerelay.clients.ClientMatcher.PersonDetails;
import org.carerelay.events.EventIngest;
import org.carerelay.events.EventSubmission;
import org.carerelay.sharing.ConsentRegister;
import org.carerelay.sharing.ConsentStatus;

/** Data builders for in-JVM tests: share events and record consent through the real services. */
@ApplicationScoped
public class Exchange {

    @Inject
    public EventIngest ingest;

    @Inject
    public AgencyDirectory agencies;

    @Inject
    public ConsentRegister consent;

    @Inject
    public Clock clock;

    public long agency(String slug) {
        return agencies.find(slug).orElseThrow().id();
    }

    public static PersonDetails newPerson() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        return new PersonDetails("L-" + unique, "Test" + unique, "Person" + unique, LocalDate.of(1970, 1, 1));
    }

    public EventIngest.Result share(String sourceSlug, String type, PersonDetails person, Map<String, Object> data) {
        return ingest.ingest(new EventSubmission(type, person, clock.instant().minus(Duration.ofMinutes(10)), null, data),
                new EventIngest.Submitter("test-" + sourceSlug, agency(sourceSlug)));
    }

    public void recordConsent(long clientId, String recipientSlug, ConsentStatus status) {
        consent.record(clientId, recipientSlug == null ? null : agency(recipientSlug), Sensitivity.BEHAVIORAL_HEALTH, status,
                "test", agency("mindbridge-bh"), Instant.now(clock));
    }

    public static Map<String, Object> missedContact() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("crisisDischargeDate", "2026-11-20");
        data.put("missedContactAt", "2026-11-24T09:00:00Z");
        data.put("contactAttempts", 2);
        data.put("lastKnownRiskLevel", "high");
        data.put("clinicalNotes", "Not answering since Tuesday.");
        return data;
    }

    public static Map<String, Object> housingAlert() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("riskType", "eviction_notice");
        data.put("tenancyEndDate", "2026-12-31");
        data.put("details", "Notice served for arrears.");
        data.put("healthImpactNotes", "Anxiety worsening; missed GP appointments.");
        return data;
    }

    public static Map<String, Object> urgentAccess() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("problem", "no_heating");
        data.put("description", "Boiler failed, outside temperature below freezing.");
        data.put("vulnerableHousehold", true);
        return data;
    }

    public static <T> T inTransaction(java.util.concurrent.Callable<T> work) {
        return QuarkusTransaction.requiringNew().call(work);
    }
}
