package org.carerelay.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.LocalStack;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Only commissioners open reports: every report route (the index, the six pages, the CSV of every
 * table) answers 403 to frontline staff, team leads, agency admins and privacy officers signed in
 * through Keycloak, and every refusal is audited; without a session the portal sends the browser
 * to Keycloak's login; the commissioner gets each of them.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class ReportsAccessIT {

    static final String PERIOD = "from=2019-03-01&to=2019-03-31";
    /** Every report and the tables it exports. */
    static final Map<String, List<String>> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("timeliness", List.of("by-week", "by-agency", "by-type"));
        TABLES.put("continuity", List.of("measures"));
        TABLES.put("duplication", List.of("contacts", "queries"));
        TABLES.put("data-points", List.of("fields"));
        TABLES.put("proportionality", List.of("agreements"));
        TABLES.put("audit", List.of("views", "denials", "unusual"));
    }

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    static List<String> routes() {
        List<String> routes = new ArrayList<>();
        routes.add("/reports");
        TABLES.forEach((slug, tables) -> {
            routes.add("/reports/" + slug + "?" + PERIOD);
            tables.forEach(t -> routes.add("/reports/" + slug + "/csv?table=" + t + "&" + PERIOD));
        });
        return routes;
    }

    @Test
    void frontlineStaffAreRefusedEveryReportAndEveryCsv() {
        assertEquals(List.of(), refusals(DemoUsers.NURSE_RIVERSIDE));
    }

    @Test
    void otherRolesThatAreNotCommissionersAreRefusedToo() {
        List<String> problems = new ArrayList<>();
        for (String user : List.of(DemoUsers.LEAD_EASTSIDE, DemoUsers.ADMIN_EASTSIDE, DemoUsers.PRIVACY_EASTSIDE)) {
            problems.addAll(refusals(user));
        }
        assertEquals(List.of(), problems);
    }

    /** Each route answers 403 to the user's session, shows no figures, and leaves a denied audit entry. */
    static List<String> refusals(String username) {
        Page page = browser.loginAs(username);
        List<String> problems = new ArrayList<>();
        for (String route : routes()) {
            APIResponse response = page.request().get(Browser.PORTAL_URL + route, RequestOptions.create().setMaxRedirects(0));
            String label = "GET " + route + " as " + username + " → " + response.status();
            if (response.status() != 403) {
                problems.add(label);
                continue;
            }
            String body = response.text();
            if (body.contains("data-testid=\"table-") || body.contains("Figures as of") || body.contains("\"Delivered\"")) {
                problems.add(label + ": the refusal shows report content");
            }
            String requestId = response.headers().get("x-request-id");
            if (requestId == null || TestDatabase.number(
                    "SELECT count(*) FROM audit_entry WHERE request_id = ? AND outcome = 'denied' AND username = ?", requestId,
                    username) < 1) {
                problems.add(label + ": the refusal left no audit entry");
            }
        }
        page.context().close();
        return problems;
    }

    @Test
    void withoutASessionEveryReportRouteSendsTheBrowserToTheLogin() {
        Page anonymous = browser.newPage();
        List<String> problems = new ArrayList<>();
        for (String route : routes()) {
            APIResponse response = anonymous.request().get(Browser.PORTAL_URL + route, RequestOptions.create().setMaxRedirects(0));
            String location = response.headers().getOrDefault("location", "");
            if (response.status() != 302 || !location.startsWith(LocalStack.REALM_URL + "/protocol/openid-connect/auth")) {
                problems.add("GET " + route + " anonymously → " + response.status() + " " + location);
            }
        }
        anonymous.context().close();
        assertEquals(List.of(), problems);
    }

    @Test
    void theCommissionerGetsEveryRoute() {
        Page page = browser.loginAs(DemoUsers.COMMISSIONER_COUNTY);
        List<String> problems = new ArrayList<>();
        for (String route : routes()) {
            APIResponse response = page.request().get(Browser.PORTAL_URL + route, RequestOptions.create().setMaxRedirects(0));
            String type = response.headers().getOrDefault("content-type", "");
            boolean csv = route.contains("/csv?");
            if (response.status() != 200 || !type.startsWith(csv ? "text/csv" : "text/html")) {
                problems.add("GET " + route + " as the commissioner → " + response.status() + " " + type);
            } else if (csv && !response.headers().getOrDefault("content-disposition", "").startsWith("attachment")) {
                problems.add("GET " + route + ": the CSV is not a download");
            }
        }
        page.context().close();
        assertEquals(List.of(), problems);
    }
}
