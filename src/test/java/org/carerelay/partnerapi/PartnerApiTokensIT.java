package org.carerelay.partnerapi;

import static org.carerelay.partnerapi.PartnerHttp.PROBLEM_JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.KeycloakAdmin;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens the partner API must refuse, each with RFC 9457 problem+json, a detail that names the problem,
 * never a server error and nothing stored: a valid realm token that is not a partner system's (a person's
 * own token: no client_id; with and without an agency) is refused with 403 and one denied audit entry;
 * expired, unsigned, wrongly signed and garbage bearer tokens get 401 with the Bearer challenge.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class PartnerApiTokensIT {

    static final String PASSWORD_CLIENT = "test-tokens-password-grant";
    static final String SHORT_LIVED_CLIENT = "test-tokens-short-lived";
    static final String NO_AGENCY_USER = "test.tokens.noagency";

    @BeforeAll
    static void setUp() {
        KeycloakAdmin.createPasswordGrantClient(PASSWORD_CLIENT);
        KeycloakAdmin.createPasswordGrantClient(SHORT_LIVED_CLIENT, Map.of("access.token.lifespan", "2"));
        KeycloakAdmin.createUser(NO_AGENCY_USER, Map.of());
    }

    @AfterAll
    static void tearDown() {
        KeycloakAdmin.deleteClient(PASSWORD_CLIENT);
        KeycloakAdmin.deleteClient(SHORT_LIVED_CLIENT);
        KeycloakAdmin.deleteUser(NO_AGENCY_USER);
    }

    @Test
    void aPersonsOwnTokenWithAnAgencyIsRefusedWithARecordedDenial() {
        String token = KeycloakAdmin.passwordGrantToken(PASSWORD_CLIENT, DemoUsers.RESPONDER_EASTSIDE, DemoUsers.PASSWORD);
        assertRefusedAsNotAPartnerSystem(token, DemoUsers.RESPONDER_EASTSIDE);
    }

    @Test
    void aPersonsOwnTokenWithoutAnAgencyIsRefusedWithARecordedDenial() {
        String token = KeycloakAdmin.passwordGrantToken(PASSWORD_CLIENT, NO_AGENCY_USER, DemoUsers.PASSWORD);
        assertRefusedAsNotAPartnerSystem(token, NO_AGENCY_USER);
    }

    private static void assertRefusedAsNotAPartnerSystem(String token, String username) {
        for (String[] call : List.of(new String[] {"GET", "/api/v1/event-types"}, new String[] {"GET", "/api/v1/feed"},
                new String[] {"POST", "/api/v1/events"})) {
            long stored = TestDatabase.storedRows();
            byte[] body = call[0].equals("POST") ? PartnerHttp.bytes(EventBodies.valid("URGENT_ACCESS_PROBLEM")) : null;
            PartnerHttp.Reply reply = PartnerHttp.sendWithToken(token, call[0], call[1],
                    call[0].equals("POST") ? Map.of("Idempotency-Key", PartnerHttp.newKey()) : Map.of(),
                    body == null ? null : PartnerHttp.JSON_TYPE, body);
            JsonNode problem = problem(reply, 403);
            assertTrue(problem.path("detail").asText().contains("client_id"), () -> "the detail names the missing client_id: " + reply);
            String requestId = reply.header("X-Request-Id");
            assertNotNull(requestId, reply::toString);
            assertEquals(1, TestDatabase.number("SELECT count(*) FROM audit_entry WHERE request_id = ? AND outcome = 'denied' AND username = ?",
                    requestId, username), () -> "one denied audit entry naming " + username + " for " + reply);
            assertEquals(stored, TestDatabase.storedRows(), () -> "nothing stored by " + call[0] + " " + call[1]);
        }
    }

    @Test
    void anExpiredTokenGetsAProblemSayingSo() {
        String token = KeycloakAdmin.passwordGrantToken(SHORT_LIVED_CLIENT, DemoUsers.RESPONDER_EASTSIDE, DemoUsers.PASSWORD);
        // The token lives two seconds: ask until the API sees it expired (it answers 403 while it is valid).
        long deadline = System.nanoTime() + 60_000_000_000L;
        PartnerHttp.Reply reply = PartnerHttp.sendWithToken(token, "GET", "/api/v1/event-types", Map.of(), null, null);
        while (reply.status() == 403 && System.nanoTime() < deadline) {
            pause();
            reply = PartnerHttp.sendWithToken(token, "GET", "/api/v1/event-types", Map.of(), null, null);
        }
        PartnerHttp.Reply expired = reply;
        JsonNode problem = problem(expired, 401);
        assertTrue(problem.path("detail").asText().contains("expired"), () -> "the detail says the token expired: " + expired);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String[] real = PartnerTokens.token(PartnerTokens.RIVERSIDE).split("\\.");
        String none = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + real[1] + ".";
        assertNotValid(none);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        String[] real = PartnerTokens.token(PartnerTokens.RIVERSIDE).split("\\.");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(generator.generateKeyPair().getPrivate());
        rsa.update((real[0] + "." + real[1]).getBytes(StandardCharsets.US_ASCII));
        assertNotValid(real[0] + "." + real[1] + "." + base64(rsa.sign()));
    }

    @Test
    void garbageIsRefused() {
        assertNotValid("not-a-token");
        assertNotValid("a.b.c");
    }

    private static void assertNotValid(String token) {
        for (String[] call : List.of(new String[] {"GET", "/api/v1/event-types"}, new String[] {"POST", "/api/v1/events"})) {
            long stored = TestDatabase.storedRows();
            byte[] body = call[0].equals("POST") ? PartnerHttp.bytes(EventBodies.valid("URGENT_ACCESS_PROBLEM")) : null;
            PartnerHttp.Reply reply = PartnerHttp.sendWithToken(token, call[0], call[1],
                    call[0].equals("POST") ? Map.of("Idempotency-Key", PartnerHttp.newKey()) : Map.of(),
                    body == null ? null : PartnerHttp.JSON_TYPE, body);
            JsonNode problem = problem(reply, 401);
            assertTrue(problem.path("detail").asText().contains("not valid"), () -> "the detail says the token is not valid: " + reply);
            assertEquals(stored, TestDatabase.storedRows(), () -> "nothing stored: " + reply);
        }
    }

    /** The reply is a problem document with this status; a 401 keeps the RFC 6750 Bearer challenge. */
    static JsonNode problem(PartnerHttp.Reply reply, int status) {
        assertEquals(status, reply.status(), reply::toString);
        String type = reply.header("Content-Type");
        assertTrue(type != null && type.startsWith(PROBLEM_JSON), () -> "problem+json: " + reply);
        JsonNode problem = reply.json();
        assertEquals(status, problem.path("status").asInt(), reply::toString);
        assertTrue(problem.path("title").isTextual() && !problem.path("detail").asText().isBlank(), reply::toString);
        if (status == 401) {
            String challenge = reply.header("WWW-Authenticate");
            assertTrue(challenge != null && challenge.startsWith("Bearer"), () -> "the Bearer challenge: " + reply);
        }
        return problem;
    }

    private static void pause() {
        try {
            Thread.sleep(250); // between polls only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
