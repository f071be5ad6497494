package org.carerelay.admin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.KeycloakAdmin;
import org.carerelay.harness.LocalStack;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agency admin's "Agency users" page, against the real Keycloak: admin.eastside sees and changes
 * only Eastside's accounts, and Keycloak itself (not only the portal) refuses the admin's own token
 * on another agency's user.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class AgencyUsersIT {

    static final String ADMIN_API = LocalStack.KEYCLOAK_URL + "/admin/realms/carerelay";
    static final List<String> OTHER_AGENCIES_USERS = List.of(DemoUsers.NURSE_RIVERSIDE, DemoUsers.LEAD_RIVERSIDE,
            DemoUsers.CLINICIAN_MINDBRIDGE, DemoUsers.WORKER_HARBOR, DemoUsers.OFFICER_NORTHGATE, DemoUsers.ADVISOR_WELFARE,
            DemoUsers.COMMISSIONER_COUNTY);
    static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static final List<String> CREATED = new ArrayList<>();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    @AfterAll
    static void cleanUp() {
        CREATED.forEach(KeycloakAdmin::deleteUser);
    }

    static Locator row(Page page, String username) {
        return page.getByTestId("user-" + username);
    }

    static Locator field(Page page, String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    static Page openAgencyUsers() {
        Page page = browser.loginAs(DemoUsers.ADMIN_EASTSIDE);
        page.waitForURL(url -> url.endsWith("/admin/users"));
        return page;
    }

    @Test
    void agencyAdminLandsOnAgencyUsersAndSeesOnlyEastsideAccounts() {
        Page page = openAgencyUsers();
        Browser.screenshot(page, "agency-users-list");
        assertThat(page.locator("h1")).hasText("Agency users");
        assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Agency users"))).isVisible();
        for (String eastside : List.of(DemoUsers.RESPONDER_EASTSIDE, DemoUsers.LEAD_EASTSIDE, DemoUsers.PRIVACY_EASTSIDE, DemoUsers.ADMIN_EASTSIDE)) {
            assertThat(row(page, eastside)).isVisible();
        }
        assertThat(row(page, DemoUsers.LEAD_EASTSIDE).getByTestId("roles")).containsText("Frontline staff");
        assertThat(row(page, DemoUsers.LEAD_EASTSIDE).getByTestId("roles")).containsText("Team lead");
        assertThat(row(page, DemoUsers.RESPONDER_EASTSIDE).getByTestId("roles")).not().containsText("Team lead");
        assertThat(row(page, DemoUsers.PRIVACY_EASTSIDE).getByTestId("roles")).hasText("Privacy officer");
        assertThat(row(page, DemoUsers.ADMIN_EASTSIDE).getByTestId("roles")).hasText("Agency admin");
        assertThat(row(page, DemoUsers.ADMIN_EASTSIDE).getByRole(AriaRole.BUTTON)).hasCount(0);
        String table = page.getByTestId("agency-users").innerText();
        for (String other : OTHER_AGENCIES_USERS) {
            assertFalse(table.contains(other), other + " belongs to another agency and must not be listed");
        }
        assertFalse(table.contains("service-account-"), "no partner service accounts");
        assertThat(page.locator("th[scope=col]")).hasCount(6);
        page.context().close();
    }

    @Test
    void adminCreatesAnAccountGrantsFrontlineResetsThePasswordAndDisablesIt() {
        String username = "test.staff-" + RUN;
        CREATED.add(username);
        Page page = openAgencyUsers();

        field(page, "Username").fill(username);
        field(page, "First name").fill("Casey");
        field(page, "Last name").fill("Nguyen");
        field(page, "Email address").fill(username + "@eastside-community.carerelay.test");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add account")).click();
        page.waitForURL(url -> url.contains("/admin/users?notice="));
        Browser.screenshot(page, "agency-users-created");
        assertThat(page.getByTestId("notice")).containsText("Account " + username + " created");
        String firstPassword = page.getByTestId("temporary-password").innerText();
        assertEquals(19, firstPassword.length(), "four groups of four characters");
        assertThat(row(page, username).getByTestId("status")).containsText("Enabled");
        assertThat(row(page, username).getByTestId("status")).containsText("must choose a new password");

        JsonNode created = KeycloakAdmin.user(username);
        assertEquals("eastside-community", created.at("/attributes/agency/0").asText());
        assertEquals(List.of("/eastside-community"), KeycloakAdmin.groupPaths(username));
        assertTrue(created.get("enabled").asBoolean());

        // The notice is shown once: reloading the page does not show the password again.
        page.reload();
        assertThat(page.getByTestId("temporary-password")).hasCount(0);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Grant Frontline staff to " + username)).click();
        page.waitForURL(url -> url.contains("notice="));
        assertThat(page.getByTestId("notice")).containsText(username + " now has the role Frontline staff");
        assertThat(row(page, username).getByTestId("roles")).containsText("Frontline staff");
        assertTrue(KeycloakAdmin.realmRoleNames(username).contains("frontline"), "Keycloak has the frontline mapping");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reset password of " + username)).click();
        page.waitForURL(url -> url.contains("notice="));
        assertThat(page.getByTestId("notice")).containsText("Password of " + username + " reset");
        assertNotEquals(firstPassword, page.getByTestId("temporary-password").innerText());
        assertTrue(KeycloakAdmin.user(username).get("requiredActions").toString().contains("UPDATE_PASSWORD"));

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Disable " + username)).click();
        page.waitForURL(url -> url.contains("notice="));
        Browser.screenshot(page, "agency-users-disabled");
        assertThat(page.getByTestId("notice")).containsText("Account " + username + " disabled");
        assertThat(row(page, username).getByTestId("status")).containsText("Disabled");
        assertFalse(KeycloakAdmin.user(username).get("enabled").asBoolean(), "disabled in Keycloak");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enable " + username)).click();
        page.waitForURL(url -> url.contains("notice="));
        assertThat(row(page, username).getByTestId("status")).containsText("Enabled");
        assertTrue(KeycloakAdmin.user(username).get("enabled").asBoolean(), "enabled again in Keycloak");
        page.context().close();
    }

    @Test
    void invalidInputIsExplainedAndCreatesNothing() {
        Page page = openAgencyUsers();
        field(page, "Username").fill("Bad Name!");
        field(page, "Email address").fill("not-an-email");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add account")).click();
        page.waitForLoadState();
        Browser.screenshot(page, "agency-users-invalid");
        assertThat(page.getByTestId("notice")).containsText("The account was not created");
        assertThat(page.getByTestId("error-username")).containsText("lower-case letters");
        assertThat(page.getByTestId("error-firstName")).containsText("Enter a first name");
        assertThat(page.getByTestId("error-lastName")).containsText("Enter a last name");
        assertThat(page.getByTestId("error-email")).containsText("Enter an email address like");
        assertThat(field(page, "Username")).hasAttribute("aria-invalid", "true");
        assertThat(field(page, "Username")).hasValue("bad name!");
        assertNull(KeycloakAdmin.userId("bad name!"));
        assertNull(KeycloakAdmin.userId("bad_name"));
        page.context().close();
    }

    /** The proof that the boundary is Keycloak's: admin.eastside's own token, straight to the Admin REST API. */
    @Test
    void keycloakItselfRefusesTheAdminsOwnTokenOnAnotherAgencysUser() throws Exception {
        String client = "test-agency-admin-proof-" + RUN;
        KeycloakAdmin.createPasswordGrantClient(client);
        try {
            String token = KeycloakAdmin.passwordGrantToken(client, DemoUsers.ADMIN_EASTSIDE, DemoUsers.PASSWORD);
            String harbor = KeycloakAdmin.userId(DemoUsers.WORKER_HARBOR);
            String responder = KeycloakAdmin.userId(DemoUsers.RESPONDER_EASTSIDE);

            assertEquals(403, call(token, "GET", "/users/" + harbor, null).statusCode(), "view another agency's user");
            assertEquals(403, call(token, "PUT", "/users/" + harbor, "{\"enabled\":false}").statusCode(), "disable another agency's user");
            assertEquals(403, call(token, "PUT", "/users/" + harbor + "/reset-password",
                    "{\"type\":\"password\",\"value\":\"Taken-0ver-1234\",\"temporary\":false}").statusCode(), "reset another agency's password");
            assertEquals(403, call(token, "POST", "/users",
                    "{\"username\":\"test.intruder-" + RUN + "\",\"groups\":[\"/harbor-support\"]}").statusCode(), "create in another agency");
            assertEquals(403, call(token, "GET", "/roles", null).statusCode(), "read the realm's roles");
            assertTrue(KeycloakAdmin.user(DemoUsers.WORKER_HARBOR).get("enabled").asBoolean(), "worker.harbor untouched");
            assertNull(KeycloakAdmin.userId("test.intruder-" + RUN));

            HttpResponse<String> own = call(token, "GET", "/users/" + responder, null);
            assertEquals(200, own.statusCode(), "an Eastside user is allowed");
            HttpResponse<String> list = call(token, "GET", "/users?max=500", null);
            assertEquals(200, list.statusCode());
            for (String other : OTHER_AGENCIES_USERS) {
                assertFalse(list.body().contains("\"" + other + "\""), "Keycloak does not list " + other);
            }
            assertTrue(list.body().contains("\"" + DemoUsers.RESPONDER_EASTSIDE + "\""));
        } finally {
            KeycloakAdmin.deleteClient(client);
        }
    }

    @Test
    void thePortalShowsKeycloaksRefusalForAnotherAgencysUser() {
        String harbor = KeycloakAdmin.userId(DemoUsers.WORKER_HARBOR);
        Page page = openAgencyUsers();
        // Point one of the page's own forms (with its CSRF token) at worker.harbor, as a crafted request would.
        Locator form = page.locator("form[action$='/disable']").first();
        form.evaluate("(f, id) => f.action = '/admin/users/' + id + '/disable'", harbor);
        long denials = TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE username = ? AND resource_type = 'agency-user' AND resource_id = ? AND outcome = 'denied'""",
                DemoUsers.ADMIN_EASTSIDE, harbor);
        form.locator("button").click();
        page.waitForURL(url -> url.contains("notice="));
        Browser.screenshot(page, "agency-users-refused");
        assertThat(page.getByTestId("notice")).containsText("Keycloak refused this change");
        assertThat(page.locator("body")).not().containsText("Exception");
        assertTrue(KeycloakAdmin.user(DemoUsers.WORKER_HARBOR).get("enabled").asBoolean(), "worker.harbor still enabled");
        assertEquals(denials + 1, TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE username = ? AND resource_type = 'agency-user' AND resource_id = ? AND outcome = 'denied'""",
                DemoUsers.ADMIN_EASTSIDE, harbor), "the refused attempt is one denied audit entry naming the account tried");
        page.context().close();
    }

    @Test
    void staffWithoutTheAgencyAdminRoleCannotOpenThePage() {
        Page page = browser.loginAs(DemoUsers.LEAD_EASTSIDE);
        assertEquals(403, page.navigate(Browser.PORTAL_URL + "/admin/users").status());
        assertThat(page.locator("h1")).hasText("You cannot open this page");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Agency users"))).hasCount(0);
        page.context().close();
    }

    static HttpResponse<String> call(String token, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ADMIN_API + path)).header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
