package org.carerelay.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import java.util.Map;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.KeycloakAdmin;
import org.carerelay.harness.LocalStack;
import org.carerelay.harness.PortalUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What reaches the portal without a session, and with a token the network does not know (health: OperationsEndpointsIT). */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class PortalAccessIT {

    static final String NO_AGENCY_USER = "test.noagency";
    static final String UNKNOWN_AGENCY_USER = "test.unknownagency";
    static final String CLAIMS_OTHER_AGENCY_USER = "test.claimsharbor";
    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    @BeforeAll
    static void setUp() {
        KeycloakAdmin.createUser(NO_AGENCY_USER, Map.of());
        KeycloakAdmin.createUser(UNKNOWN_AGENCY_USER, Map.of("agency", List.of("atlantis-care")));
        KeycloakAdmin.createUser(CLAIMS_OTHER_AGENCY_USER, Map.of("agency", List.of("harbor-support")));
    }

    @AfterAll
    static void tearDown() {
        KeycloakAdmin.deleteUser(NO_AGENCY_USER);
        KeycloakAdmin.deleteUser(UNKNOWN_AGENCY_USER);
        KeycloakAdmin.deleteUser(CLAIMS_OTHER_AGENCY_USER);
    }

    @Test
    void anonymousRequestIsSentToKeycloak() {
        given().redirects().follow(false)
                .when().get("/")
                .then().statusCode(302)
                .header("Location", startsWith(LocalStack.REALM_URL + "/protocol/openid-connect/auth"))
                .header("Location", containsString("code_challenge_method=S256"));
    }

    @Test
    void anonymousRequestForAReportIsSentToKeycloakToo() {
        given().redirects().follow(false)
                .when().get("/reports")
                .then().statusCode(302)
                .header("Location", startsWith(LocalStack.REALM_URL));
    }

    @Test
    void tokenWithoutAgencyGetsTheForbiddenPage() {
        Page page = browser.newPage();
        Response[] last = new Response[1];
        page.onResponse(r -> {
            if (r.url().startsWith(Browser.PORTAL_URL) && r.request().isNavigationRequest()) {
                last[0] = r;
            }
        });
        page.navigate(Browser.PORTAL_URL + "/");
        org.carerelay.harness.KeycloakLoginPage.signIn(page, NO_AGENCY_USER, DemoUsers.PASSWORD);
        page.waitForURL(url -> url.startsWith(Browser.PORTAL_URL));
        page.waitForLoadState();
        Browser.screenshot(page, "no-agency-403");
        assertEquals(403, last[0].status());
        assertThat(page.locator("h1")).hasText("You cannot open this page");
        assertThat(page.getByTestId("error-message")).containsText("not linked to an agency");
        assertThat(page.locator("body")).not().containsText("Exception");
        page.context().close();
    }

    @Test
    void tokenNamingAnUnknownAgencyGetsTheForbiddenPage() {
        Page page = browser.loginAs(UNKNOWN_AGENCY_USER);
        assertThat(page.getByTestId("error-message")).containsText("atlantis-care");
        page.context().close();
    }

    /** An agency admin can edit attributes of their own users; the agency still needs the agency group's membership. */
    @Test
    void anAgencyAttributeWithoutTheAgencyGroupIsRefused() {
        Page page = browser.loginAs(CLAIMS_OTHER_AGENCY_USER);
        assertThat(page.locator("h1")).hasText("You cannot open this page");
        assertThat(page.getByTestId("error-message")).containsText("not a member of that agency's group");
        assertThat(page.locator("header")).not().containsText("Harbor Community Support");
        page.context().close();
    }

    @Test
    void unknownPageIsTheProductsNotFoundPage() {
        Page page = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        Response response = page.navigate(Browser.PORTAL_URL + "/no-such-page");
        assertEquals(404, response.status());
        assertThat(page.locator("h1")).hasText("Page not found");
        assertThat(page.locator("header")).containsText("Eastside Community Response Team");
        page.context().close();
    }

    @Test
    void frontlineUserCannotOpenCommissionerReports() {
        Page page = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        Response response = page.navigate(Browser.PORTAL_URL + "/reports");
        assertEquals(403, response.status());
        assertThat(page.locator("h1")).hasText("You cannot open this page");
        page.context().close();
    }

    @Test
    void pagesCarryTheSecurityHeaders() {
        given().redirects().follow(false).when().get("/q/openapi")
                .then().header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
