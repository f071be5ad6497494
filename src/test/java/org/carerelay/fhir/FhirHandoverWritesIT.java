package org.carerelay.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.FhirApi;
import org.carerelay.harness.FhirValidation;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A discharge handover posted in FHIR by the hospital's system (Riverside's real client-credentials token): a
 * transaction with the handover's parts as entries becomes the same handover as {@code POST /api/v1/handovers}
 * makes — read back as CareRelay's handover Bundle with the same parts, linked from the Task the recipient gets,
 * with each action item due at its window. A wrong part is refused with the FHIRPath of what is wrong, and
 * nothing is stored.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class FhirHandoverWritesIT {

    @Test
    void aHandoverPostedInFhirReadsBackAsTheSameHandover() {
        String localId = EventBodies.newLocalId();
        Bundle transaction = FhirHandovers.complete(localId, "Fhirhandover" + localId.replaceAll("[^A-Za-z]", ""));
        FhirValidation.assertValid(transaction);
        Instant before = Instant.now().minusSeconds(1);

        FhirApi.Reply reply = FhirEvents.post(PartnerTokens.RIVERSIDE, "/fhir/r4", transaction, Map.of("Idempotency-Key", localId));
        assertEquals(200, reply.status(), reply::toString);
        Bundle answer = reply.resource(Bundle.class);
        FhirValidation.assertValid(answer);
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, answer.getType());
        assertEquals(transaction.getEntry().size(), answer.getEntry().size());
        String taskLocation = answer.getEntry().get(1).getResponse().getLocation();
        assertTrue(taskLocation.startsWith("Task/"), taskLocation);
        String partsLocation = answer.getEntry().get(FhirHandovers.indexOf(transaction, CarePlan.class)).getResponse().getLocation();
        assertTrue(partsLocation.startsWith("Bundle/"), partsLocation);
        long handoverId = Long.parseLong(partsLocation.substring("Bundle/".length()));

        // the Task is the recipient's delivery, and it links the handover
        Task task = FhirApi.read(PartnerTokens.RIVERSIDE, "/fhir/r4/" + taskLocation, Task.class);
        FhirValidation.assertValid(task);
        assertEquals("Organization/eastside-community", task.getOwner().getReference());
        assertEquals(Task.TaskPriority.URGENT, task.getPriority());
        assertTrue(task.getInput().stream().anyMatch(i -> i.getValue() instanceof Reference r && r.getReference().equals(partsLocation)),
                "the Task links the handover: " + task.getInput());

        // the handover reads back with the same parts
        Bundle handover = FhirApi.read(PartnerTokens.RIVERSIDE, "/fhir/r4/" + partsLocation, Bundle.class);
        FhirValidation.assertValid(handover);
        assertEquals("2026-11-25", ((DateTimeType) observation(handover, "discharge-date").getValue()).getValueAsString());
        assertEquals("home_with_support", ((CodeableConcept) observation(handover, "discharge-recommendation").getValue()).getCodingFirstRep().getCode());
        assertEquals("Admitted after a fall at home; hip fracture repaired.", text(handover, "triage-notes"));
        assertEquals("Walks short distances with a frame.", text(handover, "mobility-concerns"));
        assertEquals("Lives alone.", text(handover, "unresolved-concerns"));
        assertEquals("Report dizziness or a new fall by phone the same day.", text(handover, "symptom-reporting"));
        assertEquals(List.of("INR check within 3 days", "Physiotherapy home visit"), observation(handover, "follow-up-needs").getComponent().stream()
                .map(c -> c.getValueStringType().getValue()).toList());
        assertEquals("Warfarin", FhirHandovers.find(handover, MedicationStatement.class).getMedicationCodeableConcept().getText());
        DetectedIssue risk = FhirHandovers.find(handover, DetectedIssue.class);
        assertEquals(DetectedIssue.DetectedIssueSeverity.HIGH, risk.getSeverity());
        assertEquals("Bleeding risk; INR check due", risk.getDetail());
        CarePlan plan = FhirHandovers.find(handover, CarePlan.class);
        List<CarePlan.CarePlanActivityDetailComponent> items = plan.getActivity().stream().map(CarePlan.CarePlanActivityComponent::getDetail)
                .filter(d -> d.getCode().getCodingFirstRep().getCode().equals("action-item")).toList();
        assertEquals(List.of("First contact at home", "Medication review"), items.stream().map(d -> d.getDescription()).toList());
        for (int i = 0; i < items.size(); i++) {
            Instant start = items.get(i).getScheduledPeriod().getStart().toInstant();
            Instant due = items.get(i).getScheduledPeriod().getEnd().toInstant();
            assertTrue(!start.isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), "dated when received: " + start);
            assertEquals(Duration.ofHours(i == 0 ? 24 : 72), Duration.between(start, due), "each item due at its own window");
            assertEquals("Organization/eastside-community", items.get(i).getPerformerFirstRep().getReference());
        }
        CarePlan.CarePlanActivityDetailComponent rule = plan.getActivity().stream().map(CarePlan.CarePlanActivityComponent::getDetail)
                .filter(d -> d.getCode().getCodingFirstRep().getCode().equals("escalation-rule")).findFirst().orElseThrow();
        assertEquals("A new fall or head injury", rule.getReasonCodeFirstRep().getText());
        assertEquals("Call 911 and inform the ward", rule.getDescription());

        // the same handover as the portal keeps it: complete, two items for Eastside
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM handover WHERE id = ? AND NOT incomplete AND status = 'submitted'", handoverId));
        assertEquals(2, TestDatabase.number("SELECT count(*) FROM handover_action_item WHERE handover_id = ?", handoverId));

        // the same Idempotency-Key and body: the first answer, nothing new
        long handovers = TestDatabase.number("SELECT count(*) FROM handover");
        FhirApi.Reply again = FhirEvents.post(PartnerTokens.RIVERSIDE, "/fhir/r4", transaction, Map.of("Idempotency-Key", localId));
        assertEquals(200, again.status(), again::toString);
        assertEquals(partsLocation, again.resource(Bundle.class).getEntry().get(FhirHandovers.indexOf(transaction, CarePlan.class))
                .getResponse().getLocation());
        assertEquals(handovers, TestDatabase.number("SELECT count(*) FROM handover"));
    }

    @Test
    void aHandoverWithoutItsRequiredPartsIsStoredIncompleteWithAQueryToTheHospital() {
        String localId = EventBodies.newLocalId();
        Bundle transaction = FhirHandovers.complete(localId, "Fhirpartial" + localId.replaceAll("[^A-Za-z]", ""));
        transaction.getEntry().removeIf(e -> e.getResource() instanceof CarePlan
                || e.getResource() instanceof Observation o && o.getCode().getCodingFirstRep().getCode().equals("mobility-concerns"));
        FhirApi.Reply reply = FhirEvents.post(PartnerTokens.RIVERSIDE, "/fhir/r4", transaction, Map.of());
        assertEquals(200, reply.status(), reply::toString);
        String diagnostics = reply.resource(Bundle.class).getEntry().get(1).getResponse().getOutcome() instanceof OperationOutcome o
                ? o.getIssueFirstRep().getDiagnostics() : "";
        long handoverId = Long.parseLong(diagnostics.replaceAll(".*Bundle/(\\d+).*", "$1"));
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM handover WHERE id = ? AND incomplete AND 'mobilityConcerns' = ANY(missing) AND 'actionItems' = ANY(missing)""",
                handoverId));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM handover_query WHERE handover_id = ? AND status = 'open'", handoverId));
    }

    static Stream<Arguments> badHandovers() {
        return Stream.of(
                bad("an action item's window is not whole hours", 422, "activity[0].detail.scheduled", b -> FhirHandovers.find(b, CarePlan.class)
                        .getActivityFirstRep().getDetail().getScheduledPeriod().setEnd(java.util.Date.from(Instant.parse("2026-01-01T01:30:00Z")))),
                bad("an action item for an agency that does not receive the handover", 422, "activity[1].detail.performer",
                        b -> FhirHandovers.find(b, CarePlan.class).getActivity().get(1).getDetail().getPerformerFirstRep()
                                .setReference("Organization/northgate-housing")),
                bad("a medication risk without its severity", 422, "severity", b -> FhirHandovers.find(b, DetectedIssue.class).setSeverity(null)),
                bad("a medication risk naming no medication of the transaction", 422, "implicated",
                        b -> FhirHandovers.find(b, DetectedIssue.class).getImplicatedFirstRep().setReference("urn:uuid:nowhere")),
                bad("an unknown part (the validator knows the code system)", 400, "code", b -> FhirHandovers.find(b, Observation.class).getCode().getCodingFirstRep().setCode("blood-type")),
                bad("a discharge date with a time", 422, "value", b -> FhirHandovers.find(b, Observation.class)
                        .setValue(new DateTimeType("2026-11-25T10:00:00Z"))),
                bad("a text part that is not text", 422, "value", b -> b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                        .filter(r -> r instanceof Observation o && o.getCode().getCodingFirstRep().getCode().equals("triage-notes"))
                        .map(Observation.class::cast).findFirst().orElseThrow().setValue(new org.hl7.fhir.r4.model.IntegerType(3))),
                bad("a discharge recommendation CareRelay does not know", 400, "value.ofType(CodeableConcept)",
                        b -> b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                                .filter(r -> r instanceof Observation o && o.getCode().getCodingFirstRep().getCode().equals("discharge-recommendation"))
                                .map(Observation.class::cast).findFirst().orElseThrow()
                                .setValue(new CodeableConcept(new org.hl7.fhir.r4.model.Coding(FhirHandovers.PART, "the_moon", null)))),
                bad("a part about another patient", 422, "subject", b -> FhirHandovers.find(b, Observation.class).setSubject(new Reference("Patient/1"))),
                bad("an occurrence (a handover is dated when received)", 422, "occurrence", b -> FhirHandovers.find(b, ServiceRequest.class)
                        .setOccurrence(new DateTimeType("2026-11-25T10:00:00Z"))),
                bad("two care plans", 422, "resource", b -> b.addEntry().setFullUrl("urn:uuid:4d0a6c1e-0000-4000-8000-000000000099")
                        .setResource(new CarePlan().setStatus(CarePlan.CarePlanStatus.ACTIVE).setIntent(CarePlan.CarePlanIntent.PLAN)
                                .setSubject(new Reference(FhirHandovers.PATIENT)))
                        .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("CarePlan")));
    }

    static Arguments bad(String what, int status, String location, Consumer<Bundle> change) {
        return Arguments.of(what, status, location, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHandovers")
    void aWrongPartIsRefusedWithItsLocationAndNothingIsStored(String what, int status, String location, Consumer<Bundle> change) {
        String localId = EventBodies.newLocalId();
        Bundle transaction = FhirHandovers.complete(localId, "Fhirbad" + localId.replaceAll("[^A-Za-z]", ""));
        change.accept(transaction);
        long stored = TestDatabase.storedRows();
        long handovers = TestDatabase.number("SELECT count(*) FROM handover");

        FhirApi.Reply reply = FhirEvents.post(PartnerTokens.RIVERSIDE, "/fhir/r4", transaction, Map.of());

        assertEquals(status, reply.status(), () -> what + ": " + reply);
        OperationOutcome outcome = reply.outcome();
        FhirValidation.assertValid(outcome);
        assertTrue(outcome.getIssue().stream().allMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR && i.hasExpression()),
                reply::toString);
        assertTrue(outcome.getIssue().stream().anyMatch(i -> i.getExpression().get(0).getValue().startsWith("Bundle.entry[")
                && i.getExpression().get(0).getValue().endsWith(location)), () -> what + ": expected an issue at …" + location + ": " + reply);
        assertEquals(stored, TestDatabase.storedRows(), "nothing stored");
        assertEquals(handovers, TestDatabase.number("SELECT count(*) FROM handover"), "no handover");
    }

    static Observation observation(Bundle b, String code) {
        return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof Observation o && o.getCode().getCodingFirstRep().getCode().equals(code)).map(Observation.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no " + code + " in the handover Bundle"));
    }

    static String text(Bundle b, String code) {
        return ((StringType) observation(b, code).getValue()).getValue();
    }
}
