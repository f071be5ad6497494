package org.carerelay.home;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.KeycloakLoginPage;
import org.carerelay.harness.LocalStack;
import org.carerelay.harness.PortalUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Signing in and out through Keycloak's real login pages, in a real Chromium. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class SignInIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    @Test
    void responderSeesTheirAgencyAndRole() {
        Page page = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        Browser.screenshot(page, "signin-responder-home");
        assertThat(page.locator("header")).containsText("Eastside Community Response Team");
        assertThat(page.getByTestId("agency")).hasText("Eastside Community Response Team");
        assertThat(page.getByTestId("roles")).containsText("Frontline staff");
        assertThat(page.getByTestId("username")).hasText(DemoUsers.RESPONDER_EASTSIDE);
        assertThat(page.locator("h1")).containsText("Welcome");
        page.context().close();
    }

    @Test
    void commissionerLandsOnTheReportsStartPage() {
        Page page = browser.loginAs(DemoUsers.COMMISSIONER_COUNTY);
        Browser.screenshot(page, "signin-commissioner-reports");
        assertTrue(page.url().endsWith("/reports"), "landed on " + page.url());
        assertThat(page.locator("h1")).hasText("Commissioner reports");
        assertThat(page.locator("header")).containsText("County Health and Care Commissioning");
        assertThat(page.locator("header")).containsText("Commissioner");
        page.context().close();
    }

    @Test
    void wrongPasswordShowsKeycloaksErrorAndNoPortalPage() {
        Page page = browser.newPage();
        page.navigate(Browser.PORTAL_URL + "/");
        KeycloakLoginPage.signIn(page, DemoUsers.RESPONDER_EASTSIDE, "not-the-password");
        page.waitForLoadState();
        Browser.screenshot(page, "signin-wrong-password");
        assertTrue(page.url().startsWith(LocalStack.KEYCLOAK_URL), "still on Keycloak: " + page.url());
        assertTrue(KeycloakLoginPage.errorText(page).toLowerCase().contains("invalid"),
                "Keycloak says the credentials are invalid");
        assertFalse(page.content().contains("Eastside Community Response Team"));
        page.context().close();
    }

    @Test
    void signOutEndsTheKeycloakSessionAndBackShowsNoPortalData() {
        Page page = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        assertThat(page.getByTestId("agency")).hasText("Eastside Community Response Team");
        page.getByText("Sign out").click();
        page.waitForURL(url -> url.startsWith(LocalStack.KEYCLOAK_URL));
        page.waitForSelector(KeycloakLoginPage.USERNAME);
        Browser.screenshot(page, "signout-login-page");
        assertTrue(KeycloakLoginPage.isShown(page), "the Keycloak login page is shown after sign-out");

        page.goBack();
        page.waitForLoadState();
        Browser.screenshot(page, "signout-back-button");
        assertFalse(page.content().contains("Eastside Community Response Team"), "no portal data after back");
        assertFalse(page.content().contains(DemoUsers.RESPONDER_EASTSIDE) && page.url().startsWith(Browser.PORTAL_URL),
                "no signed-in portal page after back");

        // The Keycloak session ended too: opening the portal asks for the password again.
        page.navigate(Browser.PORTAL_URL + "/");
        page.waitForSelector(KeycloakLoginPage.USERNAME);
        assertTrue(KeycloakLoginPage.isShown(page));
        page.context().close();
    }
}
