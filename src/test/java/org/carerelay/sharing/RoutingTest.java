package org.carerelay.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.carerelay.clients.ClientMatcher.PersonDetails;
import org.carerelay.deliveries.Delivery;
import org.carerelay.deliveries.DeliveryDetails;
import org.carerelay.events.EventIngest;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.Exchange;
import org.carerelay.harness.TestDatabase;
import org.carerelay.web.ProblemException;
import org.junit.jupiter.api.Test;

/** Routing follows active sharing agreements, their field lists and the client's consent. */
@QuarkusTest
@WithTestResource(CareRelayStack.class)
class RoutingTest {

    @Inject
    Exchange exchange;

    @Inject
    DeliveryDetails details;

    @Inject
    AgreementRegister agreements;

    @Test
    void behavioralHealthWithoutConsentIsOnlyTheMinimumNotice() {
        EventIngest.Result result = exchange.share("mindbridge-bh", "MISSED_CONTACT_AFTER_CRISIS", Exchange.newPerson(), Exchange.missedContact());
        assertEquals(List.of("harbor-support"), result.deliveries().stream().map(EventIngest.Receipt::agency).toList());
        assertTrue(result.deliveries().get(0).minimumNotice());
        DeliveryDetails.Details seen = Exchange.inTransaction(() -> details.of(Delivery.findById(result.deliveries().get(0).deliveryId())));
        assertTrue(seen.minimumNotice());
        assertEquals(Map.of(), seen.data(), "no sensitive field reaches the recipient");
        assertEquals("MISSED_CONTACT_AFTER_CRISIS", seen.type());
        assertEquals("mindbridge-bh", seen.sourceAgency(), "the notice says whom to contact");
        assertEquals(0, TestDatabase.number("SELECT cardinality(shared_fields) FROM delivery WHERE id = ?", result.deliveries().get(0).deliveryId()));
    }

    @Test
    void consentGivenSharesTheFieldsAndWithdrawalHidesThemAtOnce() {
        PersonDetails person = Exchange.newPerson();
        EventIngest.Result first = exchange.share("mindbridge-bh", "MISSED_CONTACT_AFTER_CRISIS", person, Exchange.missedContact());
        exchange.recordConsent(first.clientId(), "harbor-support", ConsentStatus.GIVEN);

        EventIngest.Result second = exchange.share("mindbridge-bh", "MISSED_CONTACT_AFTER_CRISIS", person, Exchange.missedContact());
        assertFalse(second.deliveries().get(0).minimumNotice());
        long deliveryId = second.deliveries().get(0).deliveryId();
        DeliveryDetails.Details seen = Exchange.inTransaction(() -> details.of(Delivery.findById(deliveryId)));
        assertEquals("high", seen.data().get("lastKnownRiskLevel"));
        assertEquals("Not answering since Tuesday.", seen.data().get("clinicalNotes"));

        exchange.recordConsent(first.clientId(), "harbor-support", ConsentStatus.WITHDRAWN);
        DeliveryDetails.Details afterWithdrawal = Exchange.inTransaction(() -> details.of(Delivery.findById(deliveryId)));
        assertTrue(afterWithdrawal.minimumNotice(), "withdrawal takes effect on the next read");
        assertEquals(Map.of(), afterWithdrawal.data());
        assertTrue(afterWithdrawal.withheldReason().contains("no longer in force"));

        EventIngest.Result third = exchange.share("mindbridge-bh", "MISSED_CONTACT_AFTER_CRISIS", person, Exchange.missedContact());
        assertTrue(third.deliveries().get(0).minimumNotice(), "new events after withdrawal are minimum notices");
    }

    @Test
    void consentForAllAgenciesCountsAndALaterRefusalForOneRecipientWins() {
        PersonDetails person = Exchange.newPerson();
        EventIngest.Result first = exchange.share("mindbridge-bh", "MISSED_CONTACT_AFTER_CRISIS", person, Exchange.missedContact());
        exchange.recordConsent(first.clientId(), null, ConsentStatus.GIVEN);
        assertFalse(exchange.share("mindbridge-bh", "MISSED_CONTACT_AFTER_CRISIS", person, Exchange.missedContact())
                .deliveries().get(0).minimumNotice());
        exchange.recordConsent(first.clientId(), "harbor-support", ConsentStatus.REFUSED);
        assertTrue(exchange.share("mindbridge-bh", "MISSED_CONTACT_AFTER_CRISIS", person, Exchange.missedContact())
                .deliveries().get(0).minimumNotice());
    }

    @Test
    void fieldsOutsideTheAgreementAreNotSharedWithThatRecipient() {
        EventIngest.Result result = exchange.share("northgate-housing", "HOUSING_INSTABILITY_ALERT", Exchange.newPerson(), Exchange.housingAlert());
        assertEquals(List.of("county-welfare", "harbor-support"),
                result.deliveries().stream().map(EventIngest.Receipt::agency).sorted().toList());
        for (EventIngest.Receipt receipt : result.deliveries()) {
            DeliveryDetails.Details seen = Exchange.inTransaction(() -> details.of(Delivery.findById(receipt.deliveryId())));
            assertEquals("eviction_notice", seen.data().get("riskType"));
            assertFalse(seen.data().containsKey("healthImpactNotes"), "health notes are outside the housing agreements");
            assertTrue(seen.withheldFields().contains("healthImpactNotes"));
        }
    }

    @Test
    void suspendedAgreementsDoNotRouteAndNoActiveAgreementIsRefusedWithItsReason() {
        EventIngest.Result result = exchange.share("riverside-hospital", "SYMPTOM_DETERIORATION", Exchange.newPerson(), Map.of(
                "symptom", "Breathless on stairs", "severity", "moderate", "reportedVia", "phone", "observedAt", "2026-11-24T08:00:00Z"));
        assertEquals(List.of("eastside-community"), result.deliveries().stream().map(EventIngest.Receipt::agency).toList());

        long before = TestDatabase.storedRows();
        agreements.setActive("RIV-EAST-DISCHARGE", false);
        try {
            ProblemException refused = assertThrows(ProblemException.class, () -> exchange.share("riverside-hospital", "SYMPTOM_DETERIORATION",
                    Exchange.newPerson(), Map.of("symptom", "Chest pain", "severity", "severe", "reportedVia", "phone",
                            "observedAt", "2026-11-24T08:00:00Z")));
            assertEquals(422, refused.status);
            assertTrue(refused.getMessage().contains("suspended"), refused.getMessage());
            assertTrue(refused.getMessage().contains("RIV-EAST-DISCHARGE"), refused.getMessage());
        } finally {
            agreements.setActive("RIV-EAST-DISCHARGE", true);
        }
        ProblemException none = assertThrows(ProblemException.class,
                () -> exchange.share("county-welfare", "SYMPTOM_DETERIORATION", Exchange.newPerson(), Map.of(
                        "symptom", "x", "severity", "mild", "reportedVia", "phone", "observedAt", "2026-11-24T08:00:00Z")));
        assertEquals(422, none.status);
        assertEquals("no-sharing-agreement", none.type);
        assertEquals(before, TestDatabase.storedRows(), "a refused event stores nothing, not even its client");
    }

    @Test
    void sourceAndRecipientsGetACareRelationshipAndMarkersAreSet() {
        EventIngest.Result result = exchange.share("northgate-housing", "HOUSING_INSTABILITY_ALERT", Exchange.newPerson(), Exchange.housingAlert());
        assertEquals(3, TestDatabase.number("SELECT count(*) FROM care_relationship WHERE client_id = ?", result.clientId()));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM client_marker WHERE client_id = ? AND marker = 'housing_unstable'", result.clientId()));
    }
}
