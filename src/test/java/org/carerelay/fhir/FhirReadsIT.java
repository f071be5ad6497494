package org.carerelay.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.fhir.event.FieldValues;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.FhirApi;
import org.carerelay.harness.FhirValidation;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What CareRelay emits over FHIR, read with real partner tokens from the packaged app: every resource
 * validates against R4 base with zero errors (the HAPI validator, not string comparison), and an event
 * posted on /api/v1 reads back with the same meaning (type, client, fields, urgency, due time).
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class FhirReadsIT {

    static final String EVENT_FIELD = "https://carerelay.example.org/fhir/CodeSystem/carerelay-event-field";

    static Stream<String> everyCatalogueType() {
        return EventBodies.SENDER.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCatalogueType")
    void anEventOfEveryTypeReadsBackValidWithTheSameMeaning(String type) {
        String sender = EventBodies.SENDER.get(type);
        JsonNode catalogueType = PartnerPosts.eventTypes().get(type);
        ObjectNode body = EventBodies.valid(type);
        PartnerPosts.Shared shared = PartnerPosts.event(sender, body);
        String senderAgency = agencyOf(sender);

        for (JsonNode delivery : shared.deliveries()) {
            Task task = FhirApi.read(sender, "/fhir/r4/Task/" + delivery.path("id").asLong(), Task.class);
            FhirValidation.assertValid(task);
            assertEquals(Task.TaskStatus.REQUESTED, task.getStatus());
            assertEquals("new", task.getBusinessStatus().getCodingFirstRep().getCode());
            assertEquals(Task.TaskIntent.ORDER, task.getIntent());
            assertEquals("Patient/" + shared.clientId(), task.getFor().getReference());
            assertEquals("Organization/" + senderAgency, task.getRequester().getReference());
            assertEquals("Organization/" + delivery.path("agency").asText(), task.getOwner().getReference());
            assertEquals(Instant.parse(delivery.path("dueAt").asText()), task.getRestriction().getPeriod().getEnd().toInstant(), "due time");
            boolean informationOnly = catalogueType.path("urgency").asText().equals("information_only");
            assertEquals((informationOnly ? "Communication/" : "ServiceRequest/") + shared.eventId(), task.getFocus().getReference());
            assertEquals(catalogueType.path("urgency").asText().equals("urgent_review") ? Task.TaskPriority.URGENT : Task.TaskPriority.ROUTINE,
                    task.getPriority(), "urgency");
        }

        DomainResource event = FhirApi.read(sender, "/fhir/r4/" + (catalogueType.path("urgency").asText().equals("information_only")
                ? "Communication/" : "ServiceRequest/") + shared.eventId(), DomainResource.class);
        FhirValidation.assertValid(event);
        if (event instanceof ServiceRequest sr) {
            assertEquals(type, sr.getCode().getCodingFirstRep().getCode());
            assertEquals("Patient/" + shared.clientId(), sr.getSubject().getReference());
            assertEquals(catalogueType.path("urgency").asText().equals("urgent_review") ? ServiceRequest.ServiceRequestPriority.URGENT
                    : ServiceRequest.ServiceRequestPriority.ROUTINE, sr.getPriority());
            assertEquals(Instant.parse(shared.deliveries().get(0).path("dueAt").asText()), sr.getOccurrencePeriod().getEnd().toInstant());
        } else {
            Communication c = (Communication) event;
            assertEquals(type, c.getCategoryFirstRep().getCodingFirstRep().getCode());
            assertEquals("Patient/" + shared.clientId(), c.getSubject().getReference());
        }
        // the source sees every field it sent, each with the value it sent
        JsonNode data = body.get("data");
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode field : catalogueType.get("fields")) {
            String name = field.path("name").asText();
            Observation observation = fieldObservation(event, type + "." + name);
            if (!data.has(name)) {
                assertEquals(null, observation, name + " was not sent, so it is absent");
                continue;
            }
            assertNotNull(observation, name + " is in the resource");
            FieldDefinition definition = new FieldDefinition(name, field.path("label").asText(), field.path("type").asText(),
                    field.path("required").asBoolean(), null);
            Object value = FieldValues.fromFhir(type, definition, observation).orElseThrow(() -> new AssertionError(name + " has no value"));
            assertSameValue(data.get(name), value, type + "." + name);
            seen.add(name);
        }
        assertEquals(data.size(), seen.size(), "every field sent reads back: " + seen);

        Patient patient = FhirApi.read(sender, "/fhir/r4/Patient/" + shared.clientId(), Patient.class);
        FhirValidation.assertValid(patient);
        assertEquals(body.path("client").path("familyName").asText(), patient.getNameFirstRep().getFamily());
        assertEquals(body.path("client").path("birthDate").asText(), patient.getBirthDateElement().getValueAsString());
        assertTrue(patient.getIdentifier().stream().anyMatch(i -> i.getValue().equals(body.path("client").path("localId").asText())
                && i.getSystem().endsWith("/local-id/" + senderAgency)), "the sender's local id");

        Bundle flags = FhirApi.read(sender, "/fhir/r4/Flag?patient=Patient/" + shared.clientId(), Bundle.class);
        FhirValidation.assertValid(flags);
        List<String> markers = flags.getEntry().stream().map(e -> ((org.hl7.fhir.r4.model.Flag) e.getResource()).getCode().getCodingFirstRep().getCode()).toList();
        PartnerPosts.catalogueFile().get(type).path("setsMarkers").forEach(m -> assertTrue(markers.contains(m.asText()), "marker " + m + " in " + markers));
    }

    static Observation fieldObservation(DomainResource resource, String code) {
        return resource.getContained().stream().filter(r -> r instanceof Observation).map(r -> (Observation) r)
                .filter(o -> o.getCode().getCoding().stream().anyMatch(c -> c.getSystem().equals(EVENT_FIELD) && c.getCode().equals(code)))
                .findFirst().orElse(null);
    }

    static void assertSameValue(JsonNode sent, Object read, String what) {
        if (sent.isNumber()) {
            assertEquals(0, sent.decimalValue().compareTo((BigDecimal) read), what);
        } else if (sent.isBoolean()) {
            assertEquals(sent.asBoolean(), read, what);
        } else if (sent.isArray()) {
            List<String> items = new ArrayList<>();
            sent.forEach(i -> items.add(i.asText()));
            assertEquals(items, read, what);
        } else if (sent.asText().matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
            assertEquals(Instant.parse(sent.asText()), Instant.parse((String) read), what);
        } else {
            assertEquals(sent.asText(), read, what);
        }
    }

    static String agencyOf(String partnerClient) {
        return partnerClient.replace("ingest-", "");
    }

    @Test
    void aDischargeHandoverReadsAsAValidBundleLinkedFromItsTask() {
        String family = "Brennan" + org.carerelay.harness.TestNames.letters(6);
        JsonNode created = PartnerPosts.post(PartnerTokens.RIVERSIDE, "/api/v1/handovers", PartnerPosts.handover("RGH-" + UUID.randomUUID(), family));
        long deliveryId = created.path("deliveries").get(0).path("id").asLong();

        Task task = FhirApi.read(PartnerTokens.RIVERSIDE, "/fhir/r4/Task/" + deliveryId, Task.class);
        FhirValidation.assertValid(task);
        Reference link = (Reference) task.getInput().stream().filter(i -> i.getType().getCodingFirstRep().getCode().equals("discharge-handover"))
                .findFirst().orElseThrow().getValue();
        assertEquals("Bundle/" + created.path("id").asLong(), link.getReference());

        Bundle handover = FhirApi.read(PartnerTokens.RIVERSIDE, "/fhir/r4/" + link.getReference(), Bundle.class);
        FhirValidation.assertValid(handover);
        assertEquals(Bundle.BundleType.COLLECTION, handover.getType());
        DetectedIssue risk = handover.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(r -> r instanceof DetectedIssue)
                .map(r -> (DetectedIssue) r).findFirst().orElseThrow();
        assertEquals(DetectedIssue.DetectedIssueSeverity.HIGH, risk.getSeverity());
        assertEquals("INR unstable", risk.getDetail());
        CarePlan plan = handover.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(r -> r instanceof CarePlan)
                .map(r -> (CarePlan) r).findFirst().orElseThrow();
        List<CarePlan.CarePlanActivityDetailComponent> items = plan.getActivity().stream().map(CarePlan.CarePlanActivityComponent::getDetail)
                .filter(d -> d.getCode().getCodingFirstRep().getCode().equals("action-item")).toList();
        assertEquals(2, items.size());
        JsonNode createdItems = created.path("actionItems");
        for (int i = 0; i < 2; i++) {
            assertEquals(createdItems.get(i).path("description").asText(), items.get(i).getDescription());
            assertEquals(Instant.parse(createdItems.get(i).path("dueAt").asText()).toEpochMilli(),
                    items.get(i).getScheduledPeriod().getEnd().getTime(), "each item has its own window");
        }
        CarePlan.CarePlanActivityDetailComponent rule = plan.getActivity().stream().map(CarePlan.CarePlanActivityComponent::getDetail)
                .filter(d -> d.getCode().getCodingFirstRep().getCode().equals("escalation-rule")).findFirst().orElseThrow();
        assertEquals("Breathless at rest", rule.getReasonCodeFirstRep().getText());
        assertEquals("Call 911", rule.getDescription());
        assertTrue(handover.getEntry().stream().anyMatch(e -> e.getResource() instanceof Observation o
                && o.getCode().getCodingFirstRep().getCode().equals("mobility-concerns")), "mobility concerns");
    }

    @Test
    void theCapabilityStatementIsPublicValidAndSaysWhatIsSupported() {
        FhirApi.Reply reply = FhirApi.get(null, "/fhir/r4/metadata");
        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith("application/fhir+json"), reply.header("Content-Type"));
        CapabilityStatement cs = reply.resource(CapabilityStatement.class);
        FhirValidation.assertValid(cs);
        assertEquals("4.0.1", cs.getFhirVersion().toCode());
        List<String> types = cs.getRestFirstRep().getResource().stream().map(CapabilityStatement.CapabilityStatementRestResourceComponent::getType).toList();
        assertTrue(types.containsAll(List.of("Task", "ServiceRequest", "Communication", "Patient", "Flag", "Consent", "Bundle", "AuditEvent", "CodeSystem")),
                types::toString);
        assertEquals("OAuth", cs.getRestFirstRep().getSecurity().getServiceFirstRep().getCodingFirstRep().getCode());
        assertTrue(cs.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals("Task")).findFirst().orElseThrow()
                .getSearchParam().stream().map(p -> p.getName()).toList().containsAll(List.of("owner", "status", "_lastUpdated", "_count")));
        CapabilityStatement.CapabilityStatementRestResourceComponent task = cs.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals("Task")).findFirst().orElseThrow();
        assertEquals(List.of("read", "search-type", "create", "update", "patch"), task.getInteraction().stream().map(i -> i.getCode().toCode()).toList(),
                "the writes are declared");
        assertTrue(task.getConditionalCreate(), "If-None-Exist");
        assertEquals(List.of("transaction"), cs.getRestFirstRep().getInteraction().stream().map(i -> i.getCode().toCode()).toList());
        CapabilityStatement.CapabilityStatementRestResourceComponent subscription = cs.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals("Subscription")).findFirst().orElseThrow();
        assertEquals(List.of("read", "search-type", "create", "delete"), subscription.getInteraction().stream().map(i -> i.getCode().toCode()).toList(),
                "subscriptions are created and deleted");
        assertEquals(List.of("status", "events"), subscription.getOperation().stream().map(o -> o.getName()).toList(), "$status and $events");
        assertEquals("https://carerelay.example.org/fhir/SubscriptionTopic/task-changes", subscription.getExtensionByUrl(
                "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/capabilitystatement-subscriptiontopic-canonical")
                .getValue().primitiveValue(), "the topic is advertised");
        assertTrue(cs.getRestFirstRep().getResource().stream().filter(r -> !r.getType().equals("Task") && !r.getType().equals("Subscription"))
                .allMatch(r -> r.getInteraction().stream().allMatch(i -> i.getCode().toCode().equals("read") || i.getCode().toCode().equals("search-type"))),
                "the other resources are read and searched only");
    }

    @Test
    void everyCodeSystemIsValidAndTheCatalogueIsPublished() {
        Bundle all = FhirApi.read(PartnerTokens.WELFARE, "/fhir/r4/CodeSystem", Bundle.class);
        FhirValidation.assertValid(all);
        CodeSystem types = FhirApi.read(PartnerTokens.WELFARE, "/fhir/r4/CodeSystem/carerelay-event-type", CodeSystem.class);
        FhirValidation.assertValid(types);
        Set<String> codes = new LinkedHashSet<>();
        types.getConcept().forEach(c -> codes.add(c.getCode()));
        assertEquals(EventBodies.everyType(), new java.util.TreeSet<>(codes), "every catalogue type, and nothing else");
        Bundle agencies = FhirApi.read(PartnerTokens.WELFARE, "/fhir/r4/Organization", Bundle.class);
        FhirValidation.assertValid(agencies);
        FhirValidation.assertValid(FhirApi.read(PartnerTokens.WELFARE, "/fhir/r4/Organization/county-welfare", org.hl7.fhir.r4.model.Organization.class));
    }

    /** HAPI's own generic client, as an off-the-shelf FHIR client would: search, page with next links, read. */
    @Test
    void anOffTheShelfClientSearchesAndPagesTheCallersTasks() {
        Instant before = Instant.now().minusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PartnerPosts.Shared shared = PartnerPosts.event(PartnerTokens.NORTHGATE, EventBodies.valid("URGENT_ACCESS_PROBLEM"));
            mine.add(shared.delivery("county-welfare"));
        }
        IGenericClient client = FhirValidation.context().newRestfulGenericClient(FhirApi.baseUrl());
        client.registerInterceptor(new BearerTokenAuthInterceptor(PartnerTokens.token(PartnerTokens.WELFARE)));

        Bundle page = client.search().forResource(Task.class)
                .where(Task.OWNER.hasId("Organization/county-welfare"))
                .and(Task.STATUS.exactly().code("requested"))
                .lastUpdated(new ca.uhn.fhir.rest.param.DateRangeParam().setLowerBound("gt" + before))
                .count(2).returnBundle(Bundle.class).execute();
        List<Long> ids = new ArrayList<>();
        int pages = 0;
        while (page != null) {
            FhirValidation.assertValid(page);
            pages++;
            page.getEntry().forEach(e -> ids.add(Long.parseLong(e.getResource().getIdElement().getIdPart())));
            page = page.getLink(Bundle.LINK_NEXT) == null ? null : client.loadPage().next(page).execute();
        }
        assertTrue(pages >= 2, "paged with next links: " + pages);
        assertEquals(new LinkedHashSet<>(ids).size(), ids.size(), "nothing listed twice: " + ids);
        assertTrue(ids.containsAll(mine), "every new delivery found: " + mine + " in " + ids);
        assertTrue(ids.stream().allMatch(id -> TestDatabase.number("SELECT count(*) FROM delivery d JOIN agency a ON a.id = d.recipient_agency_id "
                + "WHERE d.id = ? AND a.slug = 'county-welfare'", id) == 1), "only deliveries to the owner asked for");

        Task one = client.read().resource(Task.class).withId(String.valueOf(mine.get(0))).execute();
        assertEquals("Organization/county-welfare", one.getOwner().getReference());
        Patient patient = client.read().resource(Patient.class).withId(one.getFor().getReferenceElement().getIdPart()).execute();
        assertFalse(patient.getName().isEmpty());
    }
}
