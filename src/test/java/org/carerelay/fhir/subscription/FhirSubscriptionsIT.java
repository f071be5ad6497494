package org.carerelay.fhir.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.Eventually;
import org.carerelay.harness.FhirApi;
import org.carerelay.harness.FhirValidation;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestNames;
import org.carerelay.push.Receiver;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;

/**
 * A FHIR partner subscribes to Task changes (Subscriptions R5 Backport IG, R4): County Welfare's system gets an id-only
 * notification Bundle for each change of a Task it owns, numbered, with its own Authorization header; a second
 * subscription filtered to completed Tasks hears only of the completion; while its receiver fails, the partner
 * recovers the missed notifications through {@code $events} and sees the count in {@code $status}. Bad subscriptions
 * are refused at their FHIRPath with nothing stored; another agency cannot see or end them.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class FhirSubscriptionsIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String TOPIC = "https://carerelay.example.org/fhir/SubscriptionTopic/task-changes";

    @Test
    void aSubscriberGetsIdOnlyNotificationsForItsTasksAndRecoversMissedOnesThroughEvents() throws Exception {
        try (Receiver everyChange = Receiver.accepting(); Receiver completions = Receiver.accepting()) {
            FhirApi.Reply created = post(PartnerTokens.WELFARE, withHeader(subscription(everyChange.url(), "Task?owner=Organization/county-welfare",
                    null), "Authorization: Bearer welfare-receiver-token"));
            assertEquals(201, created.status(), created.toString());
            Subscription stored = created.resource(Subscription.class);
            FhirValidation.assertValid(stored);
            long all = Long.parseLong(stored.getIdElement().getIdPart());
            assertTrue(created.header("Location").endsWith("/fhir/r4/Subscription/" + all), created.header("Location"));
            assertEquals(Subscription.SubscriptionStatus.ACTIVE, stored.getStatus());
            assertEquals(TOPIC, stored.getCriteria());
            assertEquals("Task?owner=Organization/county-welfare", stored.getCriteriaElement().getExtension().get(0).getValue().primitiveValue());
            assertEquals("id-only", stored.getChannel().getPayloadElement().getExtension().get(0).getValue().primitiveValue());
            assertTrue(stored.getChannel().getHeader().isEmpty(), "the channel's headers (credentials) are not shown again");
            long done = id(post(PartnerTokens.WELFARE, subscription(completions.url(),
                    "Task?owner=Organization/county-welfare&status=completed", null)));
            try {
                long task = housingAlert();
                Receiver.Request first = everyChange.await(1, r -> true, WAIT).get(0);
                assertTrue(first.headers().getFirst("Content-Type").startsWith("application/fhir+json"), first.headers().getFirst("Content-Type"));
                assertEquals("Bearer welfare-receiver-token", first.headers().getFirst("Authorization"), "the subscriber's own header");
                assertFalse(first.body().contains("Kim") || first.body().contains("rent_arrears"), "id-only: no client data");
                Parameters status = notification(first, all, "event-notification", 1);
                assertEquals(List.of(1L), eventNumbers(status));
                assertEquals("Task/" + task, focus(status).get(0));

                // The receiver fails from now on: acknowledging and completing are events 2 and 3, not delivered
                everyChange.script(r -> Receiver.Answer.status(500));
                assertEquals(200, api("POST", "/api/v1/deliveries/" + task + "/acknowledge", "{}"));
                assertEquals(200, api("POST", "/api/v1/deliveries/" + task + "/complete", "{\"outcome\":\"actioned\"}"));

                Receiver.Request completed = completions.await(1, r -> true, WAIT).get(0);
                Parameters completedStatus = notification(completed, done, "event-notification", 1);
                assertEquals("Task/" + task, focus(completedStatus).get(0), "the completed-only subscription hears of the completion, first");
                everyChange.await(1, r -> isEvent(r, 2), WAIT);

                Eventually.until("$status counts three events so far, whatever was delivered", WAIT, () -> {
                    Bundle statusBundle = validRead("/fhir/r4/Subscription/" + all + "/$status");
                    Parameters now = (Parameters) statusBundle.getEntryFirstRep().getResource();
                    assertEquals("query-status", value(now, "type"));
                    return "3".equals(value(now, "events-since-subscription-start"));
                });

                Bundle missed = validRead("/fhir/r4/Subscription/" + all + "/$events?eventsSinceNumber=2");
                assertEquals(Bundle.BundleType.HISTORY, missed.getType());
                Parameters recovered = (Parameters) missed.getEntryFirstRep().getResource();
                assertEquals("query-event", value(recovered, "type"));
                assertEquals(List.of(2L, 3L), eventNumbers(recovered), "the missed events, by number");
                assertEquals(List.of("Task/" + task, "Task/" + task), focus(recovered));
                assertEquals(200, FhirApi.get(PartnerTokens.WELFARE, "/fhir/r4/Task/" + task).status(), "the focus reads with the token");

                // The receiver is back: the retries bring events 2 and 3, in order
                everyChange.script(r -> Receiver.Answer.status(200));
                advanceClock(1);
                everyChange.await(1, r -> isEvent(r, 3), WAIT);
                List<Long> arrived = everyChange.requests().stream().map(FhirSubscriptionsIT::eventNumber).distinct().toList();
                assertEquals(List.of(1L, 2L, 3L), arrived, "each event once past the failures, in order");
            } finally {
                resetClock();
                delete(all);
                delete(done);
            }
        }
    }

    @Test
    void badSubscriptionsAreRefusedAtTheirPathAndStoreNothing() {
        long before = TestDatabase.number("SELECT count(*) FROM webhook_endpoint");
        String[][] cases = {
            {subscription("https://partner.example.org/hooks", null, null).replace(TOPIC, "http://example.org/topics/encounter-start"),
                "Subscription.criteria"},
            {subscription("http://169.254.169.254/latest/meta-data", null, null), "Subscription.channel.endpoint"},
            {subscription("https://partner.example.org/hooks", "Task?priority=urgent", null), "Subscription.criteria.extension[0]"},
            {subscription("https://partner.example.org/hooks", "Task?owner=Organization/no-such-agency", null), "Subscription.criteria.extension"},
            {subscription("https://partner.example.org/hooks", "Task?status=finished-maybe", null), "Subscription.criteria.extension"},
            {subscription("https://partner.example.org/hooks", null, null).replace("\"id-only\"", "\"full-resource\""),
                "Subscription.channel.payload.extension[0]"},
            {withHeader(subscription("https://partner.example.org/hooks", null, null), "Host: evil.example.org"), "Subscription.channel.header[0]"},
            {withHeader(subscription("https://partner.example.org/hooks", null, null), "no colon here"), "Subscription.channel.header[0]"},
            {subscription("https://partner.example.org/hooks", null, null).replace("\"rest-hook\"", "\"email\""), "Subscription.channel.type"},
            {subscription("https://partner.example.org/hooks", null, "\"end\": \"2020-01-01T00:00:00Z\""), "Subscription.end"},
        };
        for (String[] c : cases) {
            FhirApi.Reply reply = post(PartnerTokens.WELFARE, c[0]);
            assertEquals(400, reply.status(), c[1] + ": " + reply);
            OperationOutcome outcome = reply.outcome();
            assertTrue(outcome.getIssue().stream().anyMatch(i -> i.getExpression().stream().anyMatch(e -> e.getValue().equals(c[1]))),
                    "the problem is named at " + c[1] + ": " + reply.body());
        }
        assertEquals(before, TestDatabase.number("SELECT count(*) FROM webhook_endpoint"), "nothing stored");
    }

    @Test
    void anotherAgencyCannotReadOrEndASubscriptionAndEachTryIsAudited() {
        long id = id(post(PartnerTokens.WELFARE, subscription("http://127.0.0.1:45997/hooks", null, null)));
        try {
            for (String[] t : new String[][] {{"GET", ""}, {"GET", "/$status"}, {"GET", "/$events"}, {"DELETE", ""}}) {
                FhirApi.Reply reply = call(PartnerTokens.NORTHGATE, t[0], "/fhir/r4/Subscription/" + id + t[1]);
                assertEquals(404, reply.status(), t[0] + t[1] + ": " + reply);
                assertTrue(TestDatabase.auditOf(reply.header("X-Request-Id")).contains("denied webhook-endpoint " + id),
                        t[0] + t[1] + " left a denied audit entry");
            }
            Bundle theirs = FhirApi.read(PartnerTokens.NORTHGATE, "/fhir/r4/Subscription", Bundle.class);
            assertTrue(theirs.getEntry().stream().noneMatch(e -> e.getResource().getIdElement().getIdPart().equals(String.valueOf(id))));
            Bundle ours = FhirApi.read(PartnerTokens.WELFARE, "/fhir/r4/Subscription", Bundle.class);
            assertTrue(ours.getEntry().stream().anyMatch(e -> e.getResource().getIdElement().getIdPart().equals(String.valueOf(id))));
            assertEquals(Subscription.SubscriptionStatus.ACTIVE,
                    FhirApi.read(PartnerTokens.WELFARE, "/fhir/r4/Subscription/" + id, Subscription.class).getStatus(), "unchanged");
        } finally {
            delete(id);
        }
        assertEquals(404, FhirApi.get(PartnerTokens.WELFARE, "/fhir/r4/Subscription/" + id).status(), "deleted");
    }

    // --- helpers ---

    /** A Subscription to the Task topic as a partner writes it; {@code filter} and {@code extra} (JSON members) are optional. */
    static String subscription(String endpoint, String filter, String extra) {
        String criteria = filter == null ? "" : ",\"_criteria\":{\"extension\":[{\"url\":"
                + "\"http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria\",\"valueString\":\"" + filter + "\"}]}";
        return "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"Our referrals\",\"criteria\":\"" + TOPIC + "\""
                + criteria + (extra == null ? "" : "," + extra)
                + ",\"channel\":{\"type\":\"rest-hook\",\"endpoint\":\"" + endpoint + "\",\"payload\":\"application/fhir+json\","
                + "\"_payload\":{\"extension\":[{\"url\":\"http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/"
                + "backport-payload-content\",\"valueCode\":\"id-only\"}]}}}";
    }

    static String withHeader(String subscription, String header) {
        return subscription.replace("\"payload\":", "\"header\":[\"" + header + "\"],\"payload\":");
    }

    /** The notification's status entry, checked against the IG's shape: history Bundle, valid R4, this subscription and type. */
    static Parameters notification(Receiver.Request request, long subscription, String type, long eventsSoFar) {
        FhirValidation.assertValidJson(request.body());
        Bundle bundle = FhirValidation.context().newJsonParser().parseResource(Bundle.class, request.body());
        assertEquals(Bundle.BundleType.HISTORY, bundle.getType());
        Parameters status = (Parameters) bundle.getEntryFirstRep().getResource();
        assertTrue(((Reference) status.getParameter("subscription").getValue()).getReference().endsWith("/Subscription/" + subscription));
        assertEquals(TOPIC, value(status, "topic"));
        assertEquals(type, value(status, "type"));
        assertEquals(String.valueOf(eventsSoFar), value(status, "events-since-subscription-start"));
        String focus = focus(status).get(0);
        assertTrue(bundle.getEntry().get(1).getFullUrl().endsWith(focus), "id-only: the focus Task by its URL only");
        assertNull(bundle.getEntry().get(1).getResource(), "id-only: no resource content");
        return status;
    }

    /** A Bundle read as County Welfare, valid R4 as it arrived. */
    static Bundle validRead(String path) {
        FhirApi.Reply reply = FhirApi.get(PartnerTokens.WELFARE, path);
        assertEquals(200, reply.status(), path + ": " + reply);
        FhirValidation.assertValidJson(reply.body());
        return reply.resource(Bundle.class);
    }

    static boolean isEvent(Receiver.Request r, long n) {
        return eventNumber(r) == n;
    }

    static long eventNumber(Receiver.Request r) {
        Bundle bundle = FhirValidation.context().newJsonParser().parseResource(Bundle.class, r.body());
        return eventNumbers((Parameters) bundle.getEntryFirstRep().getResource()).get(0);
    }

    static String value(Parameters p, String name) {
        return p.getParameter(name).getValue().primitiveValue();
    }

    static List<Long> eventNumbers(Parameters status) {
        return events(status).stream().map(e -> Long.parseLong(part(e, "event-number"))).toList();
    }

    /** Each event's focus as "Task/{id}". */
    static List<String> focus(Parameters status) {
        return events(status).stream().map(e -> {
            String ref = e.getPart().stream().filter(p -> p.getName().equals("focus")).findFirst().map(p -> ((Reference) p.getValue()).getReference())
                    .orElseThrow();
            return ref.substring(ref.indexOf("Task/"));
        }).toList();
    }

    static List<ParametersParameterComponent> events(Parameters status) {
        return status.getParameter().stream().filter(p -> p.getName().equals("notification-event")).toList();
    }

    static String part(ParametersParameterComponent event, String name) {
        return event.getPart().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow().getValue().primitiveValue();
    }

    static FhirApi.Reply post(String client, String json) {
        return FhirApi.send(HttpRequest.newBuilder(URI.create(FhirApi.baseUrl() + "/Subscription")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + PartnerTokens.token(client)).header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static FhirApi.Reply call(String client, String method, String path) {
        return FhirApi.send(HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + PartnerTokens.token(client)).header("Accept", "application/fhir+json")
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    static long id(FhirApi.Reply created) {
        assertEquals(201, created.status(), created.toString());
        return Long.parseLong(created.resource(Subscription.class).getIdElement().getIdPart());
    }

    static void delete(long id) {
        call(PartnerTokens.WELFARE, "DELETE", "/fhir/r4/Subscription/" + id);
    }

    /** A partner-API call as County Welfare's system; returns the status. */
    static int api(String method, String path, String json) {
        return FhirApi.send(HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + PartnerTokens.token(PartnerTokens.WELFARE)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build()).status();
    }

    /** Northgate shares a housing alert; returns County Welfare's delivery (its Task) id. */
    static long housingAlert() {
        String occurred = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        FhirApi.Reply reply = FhirApi.send(HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + "/api/v1/events")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + PartnerTokens.token(PartnerTokens.NORTHGATE)).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"HOUSING_INSTABILITY_ALERT\",\"client\":{\"localId\":\"NHA-" + UUID.randomUUID()
                        + "\",\"givenName\":\"Kim\",\"familyName\":\"Subscriber" + TestNames.letters(8) + "\",\"birthDate\":\"1961-01-01\"},"
                        + "\"occurredAt\":\"" + occurred + "\",\"data\":{\"riskType\":\"rent_arrears\",\"details\":\"Two months behind\"}}")).build());
        assertEquals(201, reply.status(), reply.toString());
        try {
            for (com.fasterxml.jackson.databind.JsonNode d : new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply.body()).get("deliveries")) {
                if (d.get("agency").asText().equals("county-welfare")) {
                    return d.get("id").asLong();
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(reply.body(), e);
        }
        throw new AssertionError("no delivery to County Welfare: " + reply.body());
    }

    static void advanceClock(int hours) {
        testSupport("/test-support/clock/advance?hours=" + hours);
    }

    static void resetClock() {
        testSupport("/test-support/clock/reset");
    }

    private static void testSupport(String path) {
        FhirApi.Reply reply = FhirApi.send(HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, reply.status(), path + ": " + reply);
    }
}
