package org.carerelay.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.fhir.event.FieldValues;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.FhirApi;
import org.carerelay.harness.FhirValidation;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.EventBodies;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FHIR writes with real partner tokens against the packaged app: an event posted in FHIR reads back
 * in FHIR and in the JSON API with the same meaning; the recipient works its Task to completion and
 * the source sees the loop close; Idempotency-Key and If-None-Exist create once.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class FhirWritesIT {

    static Stream<String> everyCatalogueType() {
        return EventBodies.SENDER.keySet().stream().sorted();
    }

    static long id(String location) {
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    static JsonNode api(String client, String path) {
        FhirApi.Reply reply = FhirApi.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(org.carerelay.harness.Browser.PORTAL_URL + path))
                .header("Authorization", "Bearer " + PartnerTokens.token(client)).GET().build());
        assertEquals(200, reply.status(), reply::toString);
        try {
            return PartnerPosts.JSON.readTree(reply.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCatalogueType")
    void anEventOfEveryTypePostedInFhirReadsBackInFhirAndInTheApi(String type) {
        String sender = EventBodies.SENDER.get(type);
        String agency = FhirReadsIT.agencyOf(sender);
        JsonNode catalogueType = PartnerPosts.eventTypes().get(type);
        ObjectNode body = EventBodies.valid(type);
        Task posted = FhirEvents.task(type, body, catalogueType, agency);
        FhirValidation.assertValid(posted);

        FhirApi.Reply reply = FhirEvents.post(sender, "/fhir/r4/Task", posted, Map.of());
        assertEquals(201, reply.status(), reply::toString);
        Task created = reply.resource(Task.class);
        FhirValidation.assertValid(created);
        assertTrue(reply.header("Location").endsWith("/fhir/r4/Task/" + created.getIdElement().getIdPart()), reply.header("Location"));
        List<String> tasks = reply.headers().allValues("Link");
        assertTrue(!tasks.isEmpty() && tasks.stream().allMatch(l -> l.contains("/fhir/r4/Task/")), tasks::toString);

        Instant occurred = Instant.parse(body.path("occurredAt").asText());
        Instant due = occurred.plus(Duration.ofHours(catalogueType.path("windowHours").asLong()));
        String urgency = catalogueType.path("urgency").asText();
        boolean informationOnly = urgency.equals("information_only");
        assertEquals(Task.TaskStatus.REQUESTED, created.getStatus());
        assertEquals("Organization/" + agency, created.getRequester().getReference());
        assertEquals(due, created.getRestriction().getPeriod().getEnd().toInstant(), "due time");
        assertTrue(created.getFocus().getReference().startsWith(informationOnly ? "Communication/" : "ServiceRequest/"));
        assertEquals(urgency.equals("urgent_review") ? Task.TaskPriority.URGENT : Task.TaskPriority.ROUTINE, created.getPriority(), "urgency");
        long clientId = id(created.getFor().getReference());

        DomainResource event = FhirApi.read(sender, "/fhir/r4/" + created.getFocus().getReference(), DomainResource.class);
        FhirValidation.assertValid(event);
        for (JsonNode field : catalogueType.get("fields")) {
            String name = field.path("name").asText();
            Observation observation = FhirReadsIT.fieldObservation(event, type + "." + name);
            if (!body.path("data").has(name)) {
                assertEquals(null, observation, name);
                continue;
            }
            FieldDefinition definition = new FieldDefinition(name, field.path("label").asText(), field.path("type").asText(), false, null);
            FhirReadsIT.assertSameValue(body.path("data").get(name), FieldValues.fromFhir(type, definition, observation).orElseThrow(), name);
        }

        // the same event in the JSON API, as each recipient's system reads its delivery
        for (String link : tasks) {
            long deliveryId = Long.parseLong(link.replaceAll(".*/Task/(\\d+)>.*", "$1"));
            String owner = FhirApi.read(sender, "/fhir/r4/Task/" + deliveryId, Task.class).getOwner().getReference().replace("Organization/", "");
            String recipient = "ingest-" + owner;
            if (!List.of(PartnerTokens.RIVERSIDE, PartnerTokens.MINDBRIDGE, PartnerTokens.NORTHGATE, PartnerTokens.WELFARE).contains(recipient)) {
                continue; // an agency without a partner system of its own in the demo realm
            }
            JsonNode delivery = api(recipient, "/api/v1/deliveries/" + deliveryId);
            assertEquals(type, delivery.path("type").asText());
            assertEquals(urgency, delivery.path("urgency").asText());
            assertEquals(due, Instant.parse(delivery.path("dueAt").asText()));
            assertEquals(occurred, Instant.parse(delivery.path("occurredAt").asText()));
            assertEquals(clientId, TestDatabase.number("SELECT client_id FROM delivery WHERE id = ?", deliveryId));
            delivery.path("data").fields().forEachRemaining(f -> assertEquals(body.path("data").get(f.getKey()).asText(), f.getValue().asText(), f.getKey()));
        }
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM client_identifier ci JOIN agency a ON a.id = ci.agency_id
                WHERE ci.client_id = ? AND a.slug = ? AND ci.local_id = ?""", clientId, agency, body.path("client").path("localId").asText()),
                "the client, linked by the sender's local identifier");
    }

    @Test
    void aTransactionCreatesTheSameAndAnswersEachEntry() {
        ObjectNode body = EventBodies.valid("HOUSING_INSTABILITY_ALERT");
        Bundle transaction = FhirEvents.transaction("HOUSING_INSTABILITY_ALERT", body, PartnerPosts.eventTypes().get("HOUSING_INSTABILITY_ALERT"),
                "northgate-housing");
        FhirValidation.assertValid(transaction);
        FhirApi.Reply reply = FhirEvents.post(PartnerTokens.NORTHGATE, "/fhir/r4", transaction, Map.of());
        assertEquals(200, reply.status(), reply::toString);
        Bundle answer = reply.resource(Bundle.class);
        FhirValidation.assertValid(answer);
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, answer.getType());
        assertEquals(3, answer.getEntry().size());
        assertTrue(answer.getEntry().stream().allMatch(e -> e.getResponse().getStatus().startsWith("201")));
        String taskLocation = answer.getEntry().get(0).getResponse().getLocation();
        String eventLocation = answer.getEntry().get(1).getResponse().getLocation();
        assertTrue(taskLocation.startsWith("Task/") && eventLocation.startsWith("ServiceRequest/"), answer.getEntry().toString());
        Task task = FhirApi.read(PartnerTokens.NORTHGATE, "/fhir/r4/" + taskLocation, Task.class);
        assertEquals(eventLocation, task.getFocus().getReference());
        assertEquals(answer.getEntry().get(2).getResponse().getLocation(), task.getFor().getReference());
    }

    static Parameters status(String code) {
        Parameters patch = new Parameters();
        Parameters.ParametersParameterComponent op = patch.addParameter().setName("operation");
        op.addPart().setName("type").setValue(new CodeType("replace"));
        op.addPart().setName("path").setValue(new StringType("Task.status"));
        op.addPart().setName("value").setValue(new CodeType(code));
        return patch;
    }

    static FhirApi.Reply patch(String client, long task, Parameters patch, Map<String, String> headers) {
        return FhirEvents.send(client, "PATCH", "/fhir/r4/Task/" + task, "application/fhir+json", FhirEvents.json(patch), headers);
    }

    static long denied(String client) {
        return FhirAccessIT.denied(client, "fhir/Task");
    }

    @Test
    void theRecipientWorksItsTaskToCompletionAndTheSourceSeesTheLoopClose() {
        String source = PartnerTokens.NORTHGATE;
        String recipient = PartnerTokens.WELFARE;
        ObjectNode body = EventBodies.valid("HOUSING_INSTABILITY_ALERT");
        Task posted = FhirEvents.task("HOUSING_INSTABILITY_ALERT", body, PartnerPosts.eventTypes().get("HOUSING_INSTABILITY_ALERT"), "northgate-housing");
        posted.setOwner(new Reference("Organization/county-welfare"));
        FhirApi.Reply created = FhirEvents.post(source, "/fhir/r4/Task", posted, Map.of("Prefer", "return=minimal"));
        assertEquals(201, created.status(), created::toString);
        long task = id(created.header("Location"));

        // the recipient finds it in its search, and acknowledges it (FHIRPath Patch)
        Bundle mine = FhirApi.read(recipient, "/fhir/r4/Task?owner=Organization/county-welfare&status=requested&_count=500", Bundle.class);
        assertTrue(mine.getEntry().stream().anyMatch(e -> e.getResource().getIdElement().getIdPart().equals(String.valueOf(task))));
        FhirApi.Reply accepted = patch(recipient, task, status("accepted"), Map.of());
        assertEquals(200, accepted.status(), accepted::toString);
        assertEquals(Task.TaskStatus.ACCEPTED, accepted.resource(Task.class).getStatus());
        FhirValidation.assertValid(accepted.resource(Task.class));

        // refusals: the source may not work it (403), a stranger finds nothing (404), both audited; an illegal transition is 409
        long before = denied(source);
        FhirApi.Reply bySource = patch(source, task, status("in-progress"), Map.of());
        assertEquals(403, bySource.status(), bySource::toString);
        assertEquals(before + 1, denied(source));
        before = denied(PartnerTokens.RIVERSIDE);
        FhirApi.Reply byStranger = patch(PartnerTokens.RIVERSIDE, task, status("in-progress"), Map.of());
        assertEquals(404, byStranger.status(), byStranger::toString);
        assertEquals(before + 1, denied(PartnerTokens.RIVERSIDE));
        FhirApi.Reply back = patch(recipient, task, status("requested"), Map.of());
        assertEquals(409, back.status(), back::toString);
        assertEquals("Task.status", back.outcome().getIssueFirstRep().getExpression().get(0).getValue());
        FhirApi.Reply stale = patch(recipient, task, status("in-progress"), Map.of("If-Match", "W/\"0\""));
        assertEquals(412, stale.status(), stale::toString);

        // starts it (PUT with the current version), then completes it with the outcome (JSON Patch)
        FhirApi.Reply read = FhirApi.get(recipient, "/fhir/r4/Task/" + task);
        Task current = read.resource(Task.class);
        current.setStatus(Task.TaskStatus.INPROGRESS);
        FhirApi.Reply started = FhirEvents.send(recipient, "PUT", "/fhir/r4/Task/" + task, "application/fhir+json", FhirEvents.json(current),
                Map.of("If-Match", "W/\"" + current.getMeta().getVersionId() + "\""));
        assertEquals(200, started.status(), started::toString);
        assertEquals(Task.TaskStatus.INPROGRESS, started.resource(Task.class).getStatus());
        assertNotEquals(current.getMeta().getVersionId(), started.resource(Task.class).getMeta().getVersionId());

        Task.TaskOutputComponent output = new Task.TaskOutputComponent()
                .setType(new CodeableConcept(new Coding(FhirEvents.CS + "carerelay-task-parameter", "outcome", null)))
                .setValue(new CodeableConcept(new Coding(FhirEvents.CS + "carerelay-delivery-status", "actioned", null)).setText("Emergency payment arranged."));
        Task withOutput = new Task();
        withOutput.addOutput(output);
        String outputJson = FhirEvents.json(withOutput).replaceAll("^.*\"output\":\\[(.*)\\]}$", "$1");
        String jsonPatch = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"completed\"},{\"op\":\"add\",\"path\":\"/output/-\",\"value\":" + outputJson + "}]";
        FhirApi.Reply completed = FhirEvents.send(recipient, "PATCH", "/fhir/r4/Task/" + task, "application/json-patch+json", jsonPatch, Map.of());
        assertEquals(200, completed.status(), completed::toString);

        // the source sees the loop closed, in FHIR and in the JSON API's delivery state
        Task closed = FhirApi.read(source, "/fhir/r4/Task/" + task, Task.class);
        FhirValidation.assertValid(closed);
        assertEquals(Task.TaskStatus.COMPLETED, closed.getStatus());
        assertEquals("actioned", closed.getBusinessStatus().getCodingFirstRep().getCode());
        CodeableConcept outcome = (CodeableConcept) closed.getOutputFirstRep().getValue();
        assertEquals("actioned", outcome.getCodingFirstRep().getCode());
        assertEquals("Emergency payment arranged.", outcome.getText());
        assertNotNull(closed.getExecutionPeriod().getEnd());
        JsonNode delivery = api(recipient, "/api/v1/deliveries/" + task);
        assertEquals("completed", delivery.path("state").asText());
        assertEquals("actioned", delivery.path("outcome").asText());
        assertEquals("Emergency payment arranged.", delivery.path("outcomeReason").asText());
        assertEquals(List.of("deliver", "acknowledge", "start", "complete"), TestDatabase.ids("SELECT id FROM delivery_transition WHERE delivery_id = ? ORDER BY id", task)
                .stream().map(t -> actionOf(t)).toList(), "the portal's transitions");

        FhirApi.Reply again = patch(recipient, task, status("in-progress"), Map.of());
        assertEquals(409, again.status(), again::toString);
        assertEquals(OperationOutcome.IssueType.CONFLICT, again.outcome().getIssueFirstRep().getCode());
    }

    static String actionOf(long transitionId) {
        for (String action : List.of("deliver", "acknowledge", "start", "complete", "take", "note", "escalate", "assign")) {
            if (TestDatabase.number("SELECT count(*) FROM delivery_transition WHERE id = ? AND action = ?", transitionId, action) == 1) {
                return action;
            }
        }
        return "?";
    }

    @Test
    void idempotencyKeyAndIfNoneExistCreateOnce() {
        String sender = PartnerTokens.NORTHGATE;
        JsonNode catalogueType = PartnerPosts.eventTypes().get("URGENT_ACCESS_PROBLEM");
        Task posted = FhirEvents.task("URGENT_ACCESS_PROBLEM", EventBodies.valid("URGENT_ACCESS_PROBLEM"), catalogueType, "northgate-housing");
        String key = UUID.randomUUID().toString();
        FhirApi.Reply first = FhirEvents.post(sender, "/fhir/r4/Task", posted, Map.of("Idempotency-Key", key));
        assertEquals(201, first.status(), first::toString);
        long stored = TestDatabase.storedRows();
        FhirApi.Reply retry = FhirEvents.post(sender, "/fhir/r4/Task", posted, Map.of("Idempotency-Key", key));
        assertEquals(201, retry.status(), retry::toString);
        assertEquals(first.header("Location"), retry.header("Location"), "the retry gets the first answer");
        assertEquals(stored, TestDatabase.storedRows(), "and stores nothing");
        Task other = FhirEvents.task("URGENT_ACCESS_PROBLEM", EventBodies.valid("URGENT_ACCESS_PROBLEM"), catalogueType, "northgate-housing");
        FhirApi.Reply reused = FhirEvents.post(sender, "/fhir/r4/Task", other, Map.of("Idempotency-Key", key));
        assertEquals(409, reused.status(), reused::toString);
        assertEquals(stored, TestDatabase.storedRows());

        String identifier = "urn:ietf:rfc:3986|urn:uuid:" + UUID.randomUUID();
        FhirApi.Reply created = FhirEvents.post(sender, "/fhir/r4/Task", other, Map.of("If-None-Exist", "identifier=" + identifier));
        assertEquals(201, created.status(), created::toString);
        stored = TestDatabase.storedRows();
        Task again = FhirEvents.task("URGENT_ACCESS_PROBLEM", EventBodies.valid("URGENT_ACCESS_PROBLEM"), catalogueType, "northgate-housing");
        FhirApi.Reply found = FhirEvents.post(sender, "/fhir/r4/Task", again, Map.of("If-None-Exist", "identifier=" + identifier));
        assertEquals(200, found.status(), found::toString);
        assertEquals(created.header("Location"), found.header("Location"), "the Task already created");
        assertEquals(stored, TestDatabase.storedRows(), "nothing new");
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM fhir_business_identifier WHERE value = ?", identifier.substring(identifier.indexOf('|') + 1)));

        // in a transaction, the Task entry's request.ifNoneExist does the same
        ObjectNode body = EventBodies.valid("URGENT_ACCESS_PROBLEM");
        Bundle transaction = FhirEvents.transaction("URGENT_ACCESS_PROBLEM", body, catalogueType, "northgate-housing");
        String bundled = "identifier=urn:ietf:rfc:3986|urn:uuid:" + UUID.randomUUID();
        transaction.getEntryFirstRep().getRequest().setIfNoneExist(bundled);
        FhirApi.Reply t1 = FhirEvents.post(sender, "/fhir/r4", transaction, Map.of());
        assertEquals(200, t1.status(), t1::toString);
        stored = TestDatabase.storedRows();
        FhirApi.Reply t2 = FhirEvents.post(sender, "/fhir/r4", transaction, Map.of());
        assertEquals(200, t2.status(), t2::toString);
        Bundle answer = t2.resource(Bundle.class);
        assertTrue(answer.getEntryFirstRep().getResponse().getStatus().startsWith("200"), t2::toString);
        assertEquals(t1.resource(Bundle.class).getEntryFirstRep().getResponse().getLocation(), answer.getEntryFirstRep().getResponse().getLocation());
        assertEquals(stored, TestDatabase.storedRows());
    }
}
