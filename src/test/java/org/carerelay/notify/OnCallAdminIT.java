package org.carerelay.notify;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import java.util.Map;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.KeycloakAdmin;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agency admin's on-call page: bad addresses and thresholds are refused naming the field and store nothing; only
 * agency admins open it; another agency's admin sees only their own agency's lists and cannot remove Eastside's
 * contact (404, a denied audit entry).
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class OnCallAdminIT {

    static final String TAG = TestNames.letters(8).toLowerCase();
    static final String HARBOR_ADMIN = "test.harboradmin." + TAG;
    static final String ADDRESS = "pager-" + TAG + "@relay.example.net";
    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    static Page admin;

    @BeforeAll
    static void setUp() {
        KeycloakAdmin.createUser(HARBOR_ADMIN, Map.of("agency", List.of("harbor-support")));
        KeycloakAdmin.joinGroup(HARBOR_ADMIN, "/harbor-support");
        KeycloakAdmin.grantRealmRole(HARBOR_ADMIN, "agency-admin");
        admin = browser.loginAs(DemoUsers.ADMIN_EASTSIDE);
    }

    @AfterAll
    static void tearDown() {
        OnCallSettings.remove(admin, "on-call", ADDRESS);
        admin.context().close();
        KeycloakAdmin.deleteUser(HARBOR_ADMIN);
    }

    static long stored(String addressPart) {
        return TestDatabase.number("SELECT count(*) FROM urgent_contact WHERE address LIKE ?", "%" + addressPart + "%");
    }

    @Test
    void badAddressesAreRefusedNamingTheFieldAndNothingIsStored() {
        for (String bad : List.of("pager-" + TAG, "on call-" + TAG + "@relay.example.net", "a-" + TAG + "@x.org, b@y.org",
                "Pager <p-" + TAG + "@relay.example.net>", "p-" + TAG + "@relay")) {
            admin.navigate(Browser.PORTAL_URL + "/admin/on-call");
            admin.fill("#address-on-call", bad);
            admin.getByTestId("list-on-call").locator("button[type=submit]").last().click();
            assertThat(admin.getByTestId("notice")).containsText("Nothing was changed");
            assertThat(admin.getByTestId("error-address-on-call")).containsText("Email address:");
            assertThat(admin.locator("#address-on-call")).hasAttribute("aria-invalid", "true");
            assertThat(admin.locator("#address-on-call")).hasValue(bad);
        }
        assertEquals(0, stored(TAG), "nothing stored");

        OnCallSettings.add(admin, "on-call", ADDRESS.toUpperCase());
        assertThat(admin.getByTestId("contact-" + ADDRESS)).isVisible(); // kept lower-case
        admin.fill("#address-on-call", ADDRESS);
        admin.getByTestId("list-on-call").locator("button[type=submit]").last().click();
        assertThat(admin.getByTestId("error-address-on-call")).containsText("is already on the on-call contacts");
        assertEquals(1, stored(TAG));
    }

    @Test
    void badThresholdsAreRefusedNamingTheField() {
        OnCallSettings.rule(admin, "routine_follow_up", "soon", "");
        assertThat(admin.getByTestId("error-onCallMinutes-routine_follow_up"))
                .containsText("Notify the on-call contacts after (minutes): enter a whole number");
        OnCallSettings.rule(admin, "routine_follow_up", "90", "45");
        assertThat(admin.getByTestId("error-leadMinutes-routine_follow_up")).containsText("must be more than the on-call contacts' 90 minutes");
        assertEquals(0, TestDatabase.number("""
                SELECT count(*) FROM urgent_rule r JOIN agency a ON a.id = r.agency_id
                WHERE a.slug = 'eastside-community' AND r.urgency = 'routine_follow_up' AND r.on_call_minutes = 90"""));
    }

    @Test
    void onlyAgencyAdminsOpenThePageAndEachOnlyTheirOwnAgencys() {
        for (String user : List.of(DemoUsers.RESPONDER_EASTSIDE, DemoUsers.LEAD_EASTSIDE, DemoUsers.PRIVACY_EASTSIDE,
                DemoUsers.COMMISSIONER_COUNTY)) {
            Page page = browser.loginAs(user);
            assertEquals(403, page.navigate(Browser.PORTAL_URL + "/admin/on-call").status(), user);
            page.context().close();
        }
        OnCallSettings.add(admin, "on-call", "other-" + TAG + "@eastside.example.org");
        long contactId = TestDatabase.number("SELECT id FROM urgent_contact WHERE address = ?", "other-" + TAG + "@eastside.example.org");

        Page harbor = browser.loginAs(HARBOR_ADMIN);
        assertEquals(200, harbor.navigate(Browser.PORTAL_URL + "/admin/on-call").status());
        assertThat(harbor.locator("h1")).hasText("On-call notices");
        assertThat(harbor.locator("main")).not().containsText(TAG);
        APIResponse refused = harbor.request().post(Browser.PORTAL_URL + "/admin/on-call/contacts/" + contactId + "/remove",
                Browser.fromPortalPage(harbor).setMaxRedirects(0).setHeader("Content-Type", "application/x-www-form-urlencoded").setData(""));
        assertEquals(404, refused.status());
        assertTrue(TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE request_id = ? AND outcome = 'denied' AND resource_type = 'urgent-contact'""",
                refused.headers().get("x-request-id")) >= 1, "the refusal is audited");
        assertEquals(1, stored("other-" + TAG), "still on Eastside's list");
        harbor.context().close();
        OnCallSettings.remove(admin, "on-call", "other-" + TAG + "@eastside.example.org");
    }
}
