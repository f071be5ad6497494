package org.carerelay.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.Eventually;
import org.carerelay.harness.HandoverBodies;
import org.carerelay.harness.KeycloakAdmin;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replays every line of the hostile-input corpus (src/test/resources/hostile/*.jsonl) against the running portal:
 * partner API, FHIR, webhook registration, and the portal's forms and htmx endpoints in signed-in sessions. Each
 * must get one of its allowed 4xx (never a 5xx, never a success) in the product's own shape (problem+json,
 * OperationOutcome, the error page or the form with its error summary), naming the problem where the line says;
 * nothing is stored, no script payload comes back unescaped, and the refusals the audit rules cover leave exactly
 * their denied entries.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class HostileCorpusIT {

    static final List<String> PAYLOADS = List.of("<script>alert(", "<img src=x onerror");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final String SHORT_LIVED = "corpus-short-lived-" + UUID.randomUUID().toString().substring(0, 8);
    static final SecureRandom RANDOM = new SecureRandom();

    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    static final Map<String, String> values = new HashMap<>();
    static final Map<String, Page> sessions = new HashMap<>();
    static final Map<String, String> tokens = new HashMap<>();
    static Connection counter;

    @BeforeAll
    static void setUp() {
        String family = "Hostile" + TestNames.letters(8);
        PartnerApi.share(PartnerTokens.MINDBRIDGE, EventBodies.event("MISSED_CONTACT_AFTER_CRISIS",
                ClientBodies.person("MB-" + UUID.randomUUID(), "Sam", family, "1980-02-03"), EventBodies.anHourAgo(),
                EventBodies.fields("crisisDischargeDate", "2026-11-20", "missedContactAt", "2026-11-24T09:00:00Z", "contactAttempts", 2,
                        "lastKnownRiskLevel", "high")));
        values.put("foreign", String.valueOf(TestDatabase.number("""
                SELECT d.id FROM delivery d JOIN client c ON c.id = d.client_id JOIN agency a ON a.id = d.recipient_agency_id
                WHERE c.family_name = ? AND a.slug = 'harbor-support'""", family)));
        values.put("foreignClient", String.valueOf(TestDatabase.number("SELECT id FROM client WHERE family_name = ?", family)));
        var handover = HandoverBodies.handover(ClientBodies.person("HO-" + UUID.randomUUID(), "Ida", "Handed" + TestNames.letters(8),
                "1947-01-09"), "2026-11-24", "Fall at home.");
        handover.putArray("actionItems").add(HandoverBodies.actionItem("First contact", 24, "eastside-community"));
        values.put("foreignHandover", String.valueOf(PartnerApi.submitHandover(PartnerTokens.RIVERSIDE, handover)));
        values.put("unknown", String.valueOf(TestDatabase.number(
                "SELECT greatest((SELECT max(id) FROM delivery), (SELECT max(id) FROM handover), (SELECT max(id) FROM client)) + 1000000")));
        values.put("localId", "HC-" + UUID.randomUUID().toString().substring(0, 8));
        values.put("suffix", TestNames.letters(8));
        values.put("anHourAgo", EventBodies.anHourAgo().toString());
        KeycloakAdmin.createPasswordGrantClient(SHORT_LIVED, Map.of("access.token.lifespan", "1"));
        tokens.put("@expired", KeycloakAdmin.passwordGrantToken(SHORT_LIVED, DemoUsers.RESPONDER_EASTSIDE, DemoUsers.PASSWORD));
        tokens.put("@alg-none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + realParts()[1] + ".");
        tokens.put("@wrong-key", wronglySigned());
        String payload = new String(Base64.getUrlDecoder().decode(realParts()[1]), StandardCharsets.UTF_8)
                .replace(PartnerTokens.RIVERSIDE, PartnerTokens.WELFARE);
        tokens.put("@tampered", realParts()[0] + "." + b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + realParts()[2]);
    }

    @AfterAll
    static void tearDown() {
        KeycloakAdmin.deleteClient(SHORT_LIVED);
        sessions.values().forEach(p -> p.context().close());
        try {
            if (counter != null) {
                counter.close();
            }
        } catch (SQLException e) {
            // closing only
        }
    }

    @TestFactory
    Stream<DynamicTest> everyHostileRequestIsRefusedCleanly() {
        List<HostileCorpus.Entry> entries = HostileCorpus.all();
        assertTrue(entries.size() >= 250, "the corpus holds at least 250 requests: " + entries.size());
        return entries.stream().map(e -> DynamicTest.dynamicTest(e.toString(), () -> replay(e)));
    }

    void replay(HostileCorpus.Entry e) {
        long before = stored();
        Reply reply = e.text("as").startsWith("user:") ? portal(e) : api(e);
        String label = e + " (" + e.file() + ":" + e.line() + ") answered " + reply;
        assertTrue(reply.status < 500, "never a server error: " + label);
        assertTrue(e.allows(reply.status), "status " + e.text("status") + " expected: " + label);
        assertEquals(before, stored(), "nothing stored: " + label);
        String lower = reply.body.toLowerCase(Locale.ROOT);
        for (String payload : PAYLOADS) {
            assertFalse(lower.contains(payload), "the payload " + payload + " is not reflected unescaped: " + label);
        }
        String kind = e.text("kind");
        String type = reply.contentType == null ? "" : reply.contentType;
        switch (kind) {
            case "problem" -> {
                assertTrue(type.startsWith("application/problem+json"), "problem+json: " + label);
                JsonNode problem = json(reply.body, label);
                assertEquals(reply.status, problem.path("status").asInt(), label);
                assertFalse(problem.path("detail").asText().isBlank(), "a detail saying what is wrong: " + label);
                if (e.text("field") != null) {
                    List<String> named = new ArrayList<>();
                    problem.path("errors").forEach(f -> named.add(f.path("field").asText()));
                    assertTrue(named.contains(e.text("field")), "errors name " + e.text("field") + ": " + label);
                }
            }
            case "fhir" -> {
                assertTrue(type.startsWith("application/fhir+json"), "FHIR JSON: " + label);
                JsonNode outcome = json(reply.body, label);
                assertEquals("OperationOutcome", outcome.path("resourceType").asText(), label);
                assertTrue(outcome.path("issue").size() > 0, "an issue saying what is wrong: " + label);
            }
            case "page" -> {
                assertTrue(type.startsWith("text/html"), "an HTML page: " + label);
                assertTrue(reply.body.contains("class=\"error-status\"") || reply.body.contains("data-testid=\"error-message\"")
                        || reply.body.contains("id=\"error-summary\"") || reply.body.contains("notice-error"),
                        "the product's error page, or the page again with its error: " + label);
            }
            case "form" -> {
                assertTrue(type.startsWith("text/html"), "an HTML page: " + label);
                assertTrue(reply.body.contains("id=\"error-summary\""), "the form again, with its error summary: " + label);
            }
            default -> throw new IllegalStateException("unknown kind " + kind + " in " + e);
        }
        if (e.text("says") != null) {
            assertTrue(lower.contains(e.text("says").toLowerCase(Locale.ROOT)), "says \"" + e.text("says") + "\": " + label);
        }
        List<String> audit = e.audit(values);
        if (!audit.isEmpty()) {
            Eventually.until("the denied audit entries " + audit + " of " + e, Duration.ofSeconds(10),
                    () -> audit.equals(TestDatabase.auditOf(reply.requestId)));
        }
    }

    record Reply(int status, String contentType, String requestId, String body) {
        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 600 ? body.substring(0, 600) + "…" : body);
        }
    }

    /** Partner API, FHIR and webhooks: plain HTTP with the line's bearer token (or none). */
    Reply api(HostileCorpus.Entry e) {
        String path = HostileCorpus.uriSafe(HostileCorpus.expand(e.text("path"), values));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + path)).timeout(Duration.ofSeconds(60));
        String as = e.text("as");
        if (as.startsWith("partner:")) {
            request.header("Authorization", "Bearer " + PartnerTokens.token(as.substring("partner:".length())));
        } else if (as.startsWith("bearer:")) {
            request.header("Authorization", "Bearer " + bearer(as.substring("bearer:".length())));
        }
        if (e.text("contentType") != null) {
            request.header("Content-Type", e.text("contentType"));
        }
        e.headers(values).forEach(request::header);
        byte[] body = e.body(values);
        request.method(e.text("method"), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.headers().firstValue("X-Request-Id").orElse(null),
                    new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new IllegalStateException(e + ": " + ex, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Portal forms and htmx endpoints: the signed-in person's own session, with the line's CSRF token and Origin. */
    Reply portal(HostileCorpus.Entry e) {
        String user = e.text("as").substring("user:".length());
        Page page = session(user);
        RequestOptions options = RequestOptions.create().setMethod(e.text("method")).setMaxRedirects(0).setTimeout(60_000);
        e.headers(values).forEach(options::setHeader);
        if (!e.text("method").equals("GET")) {
            options.setHeader("Origin", e.text("origin") == null ? Browser.PORTAL_URL : e.text("origin"));
            String csrf = e.text("csrf") == null ? "page" : e.text("csrf");
            switch (csrf) {
                case "page" -> options.setHeader("X-CSRF-TOKEN", freshToken(user));
                case "forged" -> options.setHeader("X-CSRF-TOKEN", madeUpToken());
                case "other-session" -> options.setHeader("X-CSRF-TOKEN",
                        currentToken(session(user.equals(DemoUsers.NURSE_RIVERSIDE) ? DemoUsers.RESPONDER_EASTSIDE : DemoUsers.NURSE_RIVERSIDE)));
                case "none" -> {
                }
                default -> throw new IllegalStateException("unknown csrf " + csrf + " in " + e);
            }
            FormData form = FormData.create();
            e.form(values).forEach(form::set);
            options.setForm(form);
        }
        String url = Browser.PORTAL_URL + HostileCorpus.uriSafe(HostileCorpus.expand(e.text("path"), values));
        APIResponse r = page.request().fetch(url, options);
        return new Reply(r.status(), r.headers().get("content-type"), r.headers().get("x-request-id"), r.text());
    }

    /** One signed-in session per person for the whole corpus, on a page that carries a CSRF token. */
    Page session(String user) {
        return sessions.computeIfAbsent(user, u -> {
            Page page = browser.loginAs(u);
            page.navigate(Browser.PORTAL_URL + "/");
            assertFalse(Browser.csrfToken(page).isBlank(), "a CSRF token for " + u);
            return page;
        });
    }

    /** The session's CSRF token as it is now (a refused post may have renewed it): its cookie, else the page's form. */
    static String currentToken(Page page) {
        return page.context().cookies(Browser.PORTAL_URL).stream().filter(c -> c.name.equals("csrf-page-token")).map(c -> c.value)
                .findFirst().orElseGet(() -> Browser.csrfToken(page));
    }

    /** The token of a page the person opens now, as the portal's own form would carry it (earlier refusals may have renewed it). */
    String freshToken(String user) {
        Page page = session(user);
        page.navigate(Browser.PORTAL_URL + "/");
        String token = Browser.csrfToken(page);
        assertFalse(token.isBlank(), "a CSRF token for " + user + " at " + page.url());
        return token;
    }

    static String bearer(String literal) {
        if (literal.equals("@expired")) {
            String expired = tokens.get("@expired");
            Eventually.until("the one-second token has expired", Duration.ofSeconds(30), () -> status(expired) == 401);
            return expired;
        }
        return tokens.getOrDefault(literal, literal);
    }

    static int status(String token) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + "/api/v1/event-types"))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rows a request could store: the tables of {@link TestDatabase#storedRows} and every table a portal form, handover,
     * consent, break-glass, webhook or admin request writes, counted in one query on one connection held for the class.
     * Background-only tables (reports, audit, outbox messages, escalations, concern signals) are left out.
     */
    static long stored() {
        try {
            if (counter == null || counter.isClosed()) {
                counter = TestDatabase.owner();
            }
            try (PreparedStatement s = counter.prepareStatement("""
                    SELECT (SELECT count(*) FROM shared_event) + (SELECT count(*) FROM delivery) + (SELECT count(*) FROM client)
                         + (SELECT count(*) FROM client_identifier) + (SELECT count(*) FROM client_marker)
                         + (SELECT count(*) FROM care_relationship) + (SELECT count(*) FROM idempotency_record)
                         + (SELECT count(*) FROM delivery_transition WHERE action <> 'escalate') + (SELECT count(*) FROM identity_exception)
                         + (SELECT count(*) FROM handover) + (SELECT count(*) FROM handover_action_item)
                         + (SELECT count(*) FROM handover_first_contact) + (SELECT count(*) FROM handover_query)
                         + (SELECT count(*) FROM webhook_endpoint) + (SELECT count(*) FROM consent_record)
                         + (SELECT count(*) FROM break_glass_grant) + (SELECT count(*) FROM delivery_note)
                         + (SELECT count(*) FROM identity_decision) + (SELECT count(*) FROM urgent_contact)
                         + (SELECT count(*) FROM concern_rule) + (SELECT count(*) FROM fhir_business_identifier)""");
                    ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body, String label) {
        try {
            return HostileCorpus.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + label, e);
        }
    }

    static String[] realParts() {
        return PartnerTokens.token(PartnerTokens.RIVERSIDE).split("\\.");
    }

    static String wronglySigned() {
        try {
            String[] real = realParts();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(generator.generateKeyPair().getPrivate());
            rsa.update((real[0] + "." + real[1]).getBytes(StandardCharsets.US_ASCII));
            return real[0] + "." + real[1] + "." + b64(rsa.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String madeUpToken() {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return b64(token);
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
