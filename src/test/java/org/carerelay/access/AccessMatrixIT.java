package org.carerelay.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every route of the application (from its compiled resources, PortalRoutes) against every kind of user. A route
 * missing from the matrix fails the test, so a new page cannot skip its access rules. Allowed
 * answers must not contain what the role may not see; every refusal must leave an audit entry.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class AccessMatrixIT {

    enum Who { FRONTLINE_WITH_RELATIONSHIP, FRONTLINE_FOREIGN, TEAM_LEAD, AGENCY_ADMIN, PRIVACY_OFFICER, COMMISSIONER, IDENTITY_STEWARD, ANONYMOUS }

    /** What a user must get: the page, a refusal, the login redirect, the API's 401, or a named status. */
    enum Expect { OK, DENIED, LOGIN, API_401, BAD_REQUEST, NOT_FOUND }

    static final Map<Who, String> USERS = Map.of(
            Who.FRONTLINE_WITH_RELATIONSHIP, DemoUsers.RESPONDER_EASTSIDE,
            Who.FRONTLINE_FOREIGN, DemoUsers.OFFICER_NORTHGATE,
            Who.TEAM_LEAD, DemoUsers.LEAD_EASTSIDE,
            Who.AGENCY_ADMIN, DemoUsers.ADMIN_EASTSIDE,
            Who.PRIVACY_OFFICER, DemoUsers.PRIVACY_EASTSIDE,
            Who.COMMISSIONER, DemoUsers.COMMISSIONER_COUNTY,
            Who.IDENTITY_STEWARD, DemoUsers.STEWARD_COUNTY);

    static final String SECRET = "SECRET-BH-NOTE-" + UUID.randomUUID();
    static final String FAMILY = "Matrixperson" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");

    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    static final Map<Who, Page> sessions = new EnumMap<>(Who.class);
    static long clientId;
    static long deliveryId;
    /** An open identity exception (a probable match by County Welfare), for the steward's routes. */
    static long exceptionId;

    /**
     * A row where the identity steward gets what it gets on any page not made for it: the page when
     * every signed-in role gets it, the API's 401 on the API, otherwise a refusal.
     */
    static Map<Who, Expect> row(Expect frontline, Expect foreign, Expect lead, Expect admin, Expect privacy,
            Expect commissioner, Expect anonymous) {
        boolean openToAll = java.util.stream.Stream.of(frontline, foreign, lead, admin, privacy, commissioner).allMatch(e -> e == Expect.OK);
        Expect steward = anonymous == Expect.API_401 ? Expect.API_401 : openToAll ? Expect.OK : Expect.DENIED;
        return row(frontline, foreign, lead, admin, privacy, commissioner, steward, anonymous);
    }

    static Map<Who, Expect> row(Expect frontline, Expect foreign, Expect lead, Expect admin, Expect privacy,
            Expect commissioner, Expect steward, Expect anonymous) {
        Map<Who, Expect> r = new EnumMap<>(Who.class);
        r.put(Who.FRONTLINE_WITH_RELATIONSHIP, frontline);
        r.put(Who.FRONTLINE_FOREIGN, foreign);
        r.put(Who.TEAM_LEAD, lead);
        r.put(Who.AGENCY_ADMIN, admin);
        r.put(Who.PRIVACY_OFFICER, privacy);
        r.put(Who.COMMISSIONER, commissioner);
        r.put(Who.IDENTITY_STEWARD, steward);
        r.put(Who.ANONYMOUS, anonymous);
        return r;
    }

    static final Expect O = Expect.OK, D = Expect.DENIED, L = Expect.LOGIN, A = Expect.API_401, B = Expect.BAD_REQUEST;

    /** The matrix: "METHOD path" → expectation per kind of user. */
    static Map<String, Map<Who, Expect>> matrix() {
        Map<String, Map<Who, Expect>> m = new TreeMap<>();
        m.put("GET /", row(O, O, O, O, O, O, L));
        m.put("GET /reports", row(D, D, D, D, D, O, L));
        m.put("GET /clients/{id}", row(O, D, O, D, D, D, L));
        m.put("GET /clients/{id}/print", row(O, D, O, D, D, D, L));
        m.put("GET /clients/{id}/break-glass", row(O, O, O, D, D, D, L));
        m.put("POST /clients/{id}/break-glass", row(B, B, B, D, D, D, L));
        m.put("GET /admin/audit-chain", row(D, D, D, O, O, D, L));
        for (String api : List.of("GET /api/v1/event-types", "POST /api/v1/events", "GET /api/v1/feed", "GET /api/v1/deliveries/{id}",
                "POST /api/v1/deliveries/{id}/acknowledge", "POST /api/v1/deliveries/{id}/complete")) {
            m.put(api, row(A, A, A, A, A, A, A));
        }
        m.put("POST /clients/{id}/consent", row(B, D, B, D, D, D, L));
        m.put("GET /worklist", row(O, O, O, D, D, D, L));
        m.put("GET /worklist/rows/{id}", row(O, Expect.NOT_FOUND, O, D, D, D, L));
        m.put("GET /worklist/new-since", row(B, B, B, D, D, D, L));
        m.put("POST /worklist/deliveries/{id}/{action}", row(O, Expect.NOT_FOUND, O, D, D, D, L));
        m.put("GET /worklist/stream", row(O, O, O, D, D, D, L));
        AccessMatrixRoutes.addFeatureRoutes(m);
        return m;
    }

    @BeforeAll
    static void setUp() {
        // Riverside and MindBridge both hold the person's Medicaid id: their records link to one client without a steward.
        String medicaid = "MX" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        String localId = UUID.randomUUID().toString();
        PartnerApi.share(PartnerTokens.RIVERSIDE, EventBodies.event("SYMPTOM_DETERIORATION",
                ClientBodies.withMedicaid(ClientBodies.person("RGH-" + localId, "Ada", FAMILY, "1950-02-03"), medicaid), "2026-11-24T10:00:00Z",
                EventBodies.fields("symptom", "Breathless", "severity", "moderate", "reportedVia", "phone", "observedAt", "2026-11-24T09:00:00Z")));
        PartnerApi.share(PartnerTokens.MINDBRIDGE, EventBodies.event("MISSED_CONTACT_AFTER_CRISIS",
                ClientBodies.withMedicaid(ClientBodies.person("MB-" + localId, "Ada", FAMILY, "1950-02-03"), medicaid), "2026-11-24T10:00:00Z",
                EventBodies.fields("crisisDischargeDate", "2026-11-20", "missedContactAt", "2026-11-24T09:00:00Z", "contactAttempts", 1,
                        "lastKnownRiskLevel", "high", "clinicalNotes", SECRET)));
        clientId = TestDatabase.number("SELECT id FROM client WHERE family_name = ?", FAMILY);
        assertEquals(2, TestDatabase.number("SELECT count(*) FROM shared_event WHERE client_id = ?", clientId), "one client, two agencies");
        deliveryId = TestDatabase.number("SELECT min(id) FROM delivery WHERE client_id = ?", clientId);
        // For the steward's routes: a person Riverside knows, sent again by County Welfare with the same name and birth date
        // but no Medicaid id: a probable match, an open identity exception.
        String other = "Stewardmatch" + org.carerelay.harness.TestNames.letters(8);
        PartnerApi.share(PartnerTokens.RIVERSIDE, EventBodies.event("SYMPTOM_DETERIORATION",
                ClientBodies.person("RGH-" + UUID.randomUUID(), "Bo", other, "1961-03-04"), "2026-11-24T10:00:00Z",
                EventBodies.fields("symptom", "Dizzy", "severity", "mild", "reportedVia", "phone", "observedAt", "2026-11-24T09:00:00Z")));
        PartnerApi.share(PartnerTokens.WELFARE, EventBodies.event("BENEFITS_INTERRUPTION",
                ClientBodies.person("CW-" + UUID.randomUUID(), "Bo", other, "1961-03-04"), "2026-11-24T10:00:00Z",
                EventBodies.fields("benefit", "snap", "interruptedOn", "2026-11-20", "reason", "missed_recertification")));
        exceptionId = TestDatabase.number("SELECT x.id FROM identity_exception x JOIN client c ON c.id = x.provisional_client_id "
                + "WHERE c.family_name = ?", other);
        USERS.forEach((who, username) -> sessions.put(who, browser.loginAs(username)));
        sessions.put(Who.ANONYMOUS, browser.newPage());
    }

    @Test
    void everyRouteIsInTheMatrix() throws Exception {
        TreeSet<String> missing = new TreeSet<>(routes());
        missing.removeAll(matrix().keySet());
        assertEquals(new TreeSet<>(), missing, "routes without an access-matrix entry");
    }

    @Test
    void everyRouteAnswersEachKindOfUserAsTheMatrixSays() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<String, Map<Who, Expect>> matrix = matrix();
        for (String route : routes()) {
            Map<Who, Expect> expected = matrix.get(route);
            if (expected == null) {
                continue; // reported by everyRouteIsInTheMatrix
            }
            for (Who who : Who.values()) {
                check(route, who, expected.get(who), failures);
            }
        }
        assertEquals(List.of(), failures);
    }

    private void check(String route, Who who, Expect expect, List<String> failures) {
        String method = route.substring(0, route.indexOf(' '));
        String template = route.substring(route.indexOf(' ') + 1);
        if (template.startsWith("/worklist/")) {
            template = template.replace("{id}", String.valueOf(deliveryId)).replace("{action}", "acknowledge");
        }
        String path = AccessMatrixRoutes.concrete(template, clientId, deliveryId);
        Page page = sessions.get(who);
        if (who == Who.ANONYMOUS) {
            page.context().clearCookies(); // each refused request starts a sign-in with its own state cookie: never let them pile up
        }
        if (route.equals("GET /worklist/stream")) {
            checkStream(page, path, who, expect, failures);
            return;
        }
        RequestOptions options = RequestOptions.create().setMaxRedirects(0);
        if (method.equals("POST")) {
            options = Browser.fromPortalPage(page).setMaxRedirects(0)
                    .setHeader("Content-Type", "application/x-www-form-urlencoded").setData("");
        }
        APIResponse response = page.request().fetch(Browser.PORTAL_URL + path, options.setMethod(method));
        int status = response.status();
        String body = status == 302 ? "" : response.text();
        String location = response.headers().getOrDefault("location", "");
        String label = route + " as " + who + " → " + status;
        boolean ok = switch (expect) {
            case OK -> status == 200 || (status == 303 && !location.contains("/realms/"));
            case DENIED -> status == 403;
            case LOGIN -> status == 302 && location.contains("/realms/carerelay/protocol/openid-connect/auth");
            case API_401 -> status == 401;
            case BAD_REQUEST -> status == 400;
            case NOT_FOUND -> status == 404;
        };
        if (!ok) {
            failures.add(label + " (expected " + expect + ")");
            return;
        }
        if (body.contains(SECRET)) {
            failures.add(label + ": shows a behavioral-health note the viewer may not see");
        }
        if ((who == Who.COMMISSIONER || who == Who.AGENCY_ADMIN || who == Who.FRONTLINE_FOREIGN) && body.contains(FAMILY)) {
            failures.add(label + ": shows the client's identity");
        }
        if (expect == Expect.DENIED) {
            String requestId = response.headers().get("x-request-id");
            if (requestId == null || TestDatabase.number(
                    "SELECT count(*) FROM audit_entry WHERE request_id = ? AND outcome = 'denied'", requestId) < 1) {
                failures.add(label + ": the refusal left no audit entry");
            }
        }
    }

    /** A server-sent-event stream never ends: judge it by its status line, read with the session's cookies. */
    private static void checkStream(Page page, String path, Who who, Expect expect, List<String> failures) {
        String cookies = String.join("; ", page.context().cookies(Browser.PORTAL_URL).stream().map(c -> c.name + "=" + c.value).toList());
        try {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(Browser.PORTAL_URL + path))
                    .header("Accept", "text/event-stream");
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies);
            }
            java.net.http.HttpResponse<java.io.InputStream> response = java.net.http.HttpClient.newBuilder()
                    .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build()
                    .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            response.body().close();
            boolean ok = switch (expect) {
                case OK -> status == 200;
                case DENIED -> status == 403;
                case LOGIN -> status == 302;
                default -> false;
            };
            if (!ok) {
                failures.add("GET " + path + " as " + who + " → " + status + " (expected " + expect + ")");
            }
        } catch (Exception e) {
            failures.add("GET " + path + " as " + who + " failed: " + e);
        }
    }

    /**
     * Routes the matrix does not run: signing out would end the very sessions the matrix checks with
     * (SignOutIT covers it: POST with the CSRF token only, the session ends everywhere).
     */
    static final List<String> NOT_IN_MATRIX = List.of("POST /logout");

    static List<String> routes() throws Exception {
        List<String> routes = new ArrayList<>(PortalRoutes.all());
        routes.removeAll(NOT_IN_MATRIX);
        // The FHIR API takes partner bearer tokens only, never a portal session: its access is proved by FhirAccessIT
        routes.removeIf(route -> route.substring(route.indexOf(' ') + 1).startsWith("/fhir/"));
        assertFalse(routes.isEmpty());
        assertTrue(routes.contains("GET /clients/{id}"), routes.toString());
        return routes;
    }
}
