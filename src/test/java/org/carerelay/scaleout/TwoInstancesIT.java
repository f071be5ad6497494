package org.carerelay.scaleout;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.KeycloakLoginPage;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.SecondInstance;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two portal instances on one database, as in production behind a load balancer: A is the packaged
 * app under test, B a second process from the same jar ({@link SecondInstance}) that joins A's
 * database without wiping it. What one instance does, the other must see, and work that both
 * instances do in the background must not be done twice: live worklist updates cross instances
 * (PostgreSQL LISTEN/NOTIFY), the escalation job escalates each overdue delivery once although it
 * runs on both, and an Idempotency-Key replayed against the other instance gets the first answer.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class TwoInstancesIT {

    static final String A = Browser.PORTAL_URL;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static SecondInstance b;
    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    record Reply(int status, String replayed, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void setUp() {
        // Something stored through A before B starts: B must find it (B does not clean the database at start)
        String sentinel = "TWO-" + TestNames.letters(10);
        assertEquals(201, post(A, PartnerTokens.NORTHGATE, newKey(), urgentAccess(sentinel)).status());
        b = SecondInstance.start();
        assertEquals(1, eventsFor(sentinel), "instance B wiped the shared database at start:\n" + b.logText());
    }

    @AfterAll
    static void tearDown() {
        if (b != null) {
            b.close();
        }
    }

    // ------------------------------------------------------------------ (a) live worklist across instances

    @Test
    void anEventSharedThroughAArrivesLiveInAWorklistOpenOnB() {
        Page page = browser.newPage();
        try {
            page.navigate(b.url() + "/");
            KeycloakLoginPage.signIn(page, DemoUsers.WORKER_HARBOR, DemoUsers.PASSWORD);
            page.waitForURL(url -> url.startsWith(b.url()));
            Response stream = page.waitForResponse(r -> r.url().contains("/worklist/stream"),
                    () -> page.navigate(b.url() + "/worklist"));
            assertTrue(stream.url().startsWith(b.url() + "/"), "the live stream comes from B: " + stream.url());
            assertThat(page.locator("h1")).containsText("Worklist");

            AtomicInteger navigations = new AtomicInteger();
            page.onFrameNavigated(frame -> navigations.incrementAndGet());
            String localId = "TWO-" + TestNames.letters(10);
            Reply created = post(A, PartnerTokens.MINDBRIDGE, newKey(), missedContact(localId));
            assertEquals(201, created.status(), created::text);

            // no reload: the page on B learns of A's write through the shared database. The banner counts every
            // arrival since the page opened, and a delivery another test committed just before may be announced
            // after B's page subscribed, so the count is not pinned; the row below proves this event arrived.
            assertThat(page.getByTestId("arrivals")).containsText(java.util.regex.Pattern.compile("[1-9]\\d* new since you opened this page"),
                    new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
            assertEquals(0, navigations.get(), "the page was not reloaded");
            page.getByTestId("arrivals").getByText("Show them").click();
            assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("Twoinstance" + suffix(localId))))
                    .containsText("Missed contact after crisis discharge");
            assertTrue(page.url().startsWith(b.url()), page.url());
            Browser.screenshot(page, "two-instances-live-arrival-on-b");
        } finally {
            page.context().close();
        }
    }

    // ------------------------------------------------------------------ (b) escalation once across instances

    @Test
    void eachOverdueDeliveryIsEscalatedExactlyOnceAlthoughBothInstancesRunTheJob() throws Exception {
        List<Long> deliveries = new ArrayList<>();
        for (String instance : List.of(A, b.url(), A, b.url())) { // shared through both instances
            Reply reply = post(instance, PartnerTokens.RIVERSIDE, newKey(), symptomDeterioration("TWO-" + TestNames.letters(10)));
            assertEquals(201, reply.status(), reply::text);
            new ObjectMapper().readTree(reply.body()).get("deliveries").forEach(d -> deliveries.add(d.get("id").asLong()));
        }
        assertTrue(deliveries.size() >= 4, "each event went to at least one agency: " + deliveries);
        Thread.sleep(2500); // a few runs of the job on both instances (every second in the test profile)
        for (long id : deliveries) {
            assertEquals(0, escalations(id), "due in 4 hours: not escalated yet (delivery " + id + ")");
        }

        // Each instance has its own test clock: move both, so both jobs see the deliveries overdue and compete
        try {
            advanceClock(A, 5);
            advanceClock(b.url(), 5);
            awaitEscalated(deliveries);
            Thread.sleep(4000); // several more runs on both instances with the clocks still moved on
        } finally {
            resetClock(A);
            resetClock(b.url());
        }

        for (long id : deliveries) {
            assertEquals(1, TestDatabase.number("SELECT count(*) FROM delivery WHERE id = ? AND escalated_at IS NOT NULL", id));
            assertEquals(1, escalations(id), "one escalate transition for delivery " + id);
            assertEquals(1, TestDatabase.number("""
                    SELECT count(*) FROM delivery_transition t JOIN delivery d ON d.id = t.delivery_id
                    WHERE t.delivery_id = ? AND t.action = 'escalate' AND t.actor = 'system' AND t.at = d.escalated_at
                      AND t.from_state = d.state AND t.to_state = d.state""", id), "the transition is the one that set escalated_at");
            assertEquals(1, TestDatabase.number("""
                    SELECT count(*) FROM audit_entry WHERE action = 'write' AND resource_type = 'delivery' AND resource_id = ?
                      AND reason LIKE 'escalate (overdue since %'""", String.valueOf(id)), "one audit entry for delivery " + id);
        }
        assertEquals(0, TestDatabase.number("""
                SELECT count(*) FROM (SELECT delivery_id FROM delivery_transition WHERE action = 'escalate'
                                      GROUP BY delivery_id HAVING count(*) > 1) doubled"""), "no delivery anywhere escalated twice");
    }

    // ------------------------------------------------------------------ (c) idempotency across instances

    @Test
    void aReplayAgainstTheOtherInstanceGetsTheFirstAnswerAndStoresNothing() {
        String localId = "TWO-" + TestNames.letters(10);
        String key = newKey();
        byte[] body = EventBodies.json(urgentAccess(localId)).getBytes(StandardCharsets.UTF_8);

        Reply first = post(A, PartnerTokens.NORTHGATE, key, body);
        assertEquals(201, first.status(), first::text);
        assertEquals("false", first.replayed());
        long stored = TestDatabase.storedRows();

        Reply replay = post(b.url(), PartnerTokens.NORTHGATE, key, body);

        assertEquals(first.status(), replay.status(), replay::text);
        assertArrayEquals(first.body(), replay.body(), () -> first.text() + " <> " + replay.text());
        assertEquals("true", replay.replayed(), "B answered from A's stored response");
        assertEquals(1, eventsFor(localId), "one event stored");
        assertEquals(stored, TestDatabase.storedRows(), "the replay on B stored nothing");

        // and the other way round: a key first used on B, replayed on A
        String otherKey = newKey();
        byte[] other = EventBodies.json(urgentAccess("TWO-" + TestNames.letters(10))).getBytes(StandardCharsets.UTF_8);
        Reply onB = post(b.url(), PartnerTokens.NORTHGATE, otherKey, other);
        Reply onA = post(A, PartnerTokens.NORTHGATE, otherKey, other);
        assertEquals(201, onB.status(), onB::text);
        assertEquals(onB.status(), onA.status(), onA::text);
        assertArrayEquals(onB.body(), onA.body(), () -> onB.text() + " <> " + onA.text());
        assertEquals("true", onA.replayed());
    }

    // ------------------------------------------------------------------ helpers

    static String newKey() {
        return UUID.randomUUID().toString();
    }

    static String suffix(String localId) {
        return localId.substring(localId.indexOf('-') + 1);
    }

    static String recently() {
        return Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static ObjectNode client(String localId) {
        return ClientBodies.person(localId, "Robin", "Twoinstance" + suffix(localId), "1984-06-01");
    }

    static ObjectNode missedContact(String localId) {
        return EventBodies.event("MISSED_CONTACT_AFTER_CRISIS", client(localId), recently(), EventBodies.fields("crisisDischargeDate",
                "2026-11-20", "missedContactAt", recently(), "contactAttempts", 2, "lastKnownRiskLevel", "high", "clinicalNotes", "No answer twice"));
    }

    /** Window 4 hours from when it happened (just now). */
    static ObjectNode symptomDeterioration(String localId) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return EventBodies.event("SYMPTOM_DETERIORATION", client(localId), now,
                EventBodies.fields("symptom", "Breathless", "severity", "moderate", "reportedVia", "phone", "observedAt", now));
    }

    static ObjectNode urgentAccess(String localId) {
        return EventBodies.event("URGENT_ACCESS_PROBLEM", client(localId), recently(),
                EventBodies.fields("problem", "no_heating", "description", "Boiler out", "vulnerableHousehold", true));
    }

    static Reply post(String instance, String partner, String key, JsonNode body) {
        return post(instance, partner, key, EventBodies.json(body).getBytes(StandardCharsets.UTF_8));
    }

    /** POST /api/v1/events with a real partner token; the exact body bytes of the answer. */
    static Reply post(String instance, String partner, String key, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance + "/api/v1/events")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + PartnerTokens.token(partner)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return send(request);
    }

    static Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers().firstValue("Idempotent-Replayed").orElse(null), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static long eventsFor(String localId) {
        return TestDatabase.number("""
                SELECT count(*) FROM shared_event WHERE client_id IN (SELECT client_id FROM client_identifier WHERE local_id = ?)""",
                localId);
    }

    static long escalations(long deliveryId) {
        return TestDatabase.number("SELECT count(*) FROM delivery_transition WHERE delivery_id = ? AND action = 'escalate'", deliveryId);
    }

    /** Moves one instance's own test clock (a JSON POST: a form content type would be checked for CSRF). */
    static void advanceClock(String instance, int hours) {
        testSupport(instance, "/test-support/clock/advance?hours=" + hours);
    }

    static void resetClock(String instance) {
        testSupport(instance, "/test-support/clock/reset");
    }

    static void testSupport(String instance, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build();
        Reply reply = send(request);
        assertEquals(200, reply.status(), () -> instance + path + ": " + reply.text());
    }

    static void awaitEscalated(List<Long> deliveries) throws InterruptedException {
        String ids = deliveries.toString().replaceAll("[\\[\\] ]", "");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (TestDatabase.number("SELECT count(*) FROM delivery WHERE escalated_at IS NOT NULL AND id = ANY (string_to_array(?, ',')::bigint[])",
                    ids) == deliveries.size()) {
                return;
            }
            Thread.sleep(250);
        }
        fail("deliveries " + deliveries + " were not all escalated within 30 s of moving both clocks 5 hours on");
    }
}
