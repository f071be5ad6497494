package org.carerelay.raise;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pathway 3: Northgate raises a housing instability alert in the form; County Welfare receives it;
 * Eastside, which knows the person from a hospital discharge but has no agreement for housing
 * details, sees the shared marker and not the details.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class HousingPathwayIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    @Test
    void housingAlertReachesWelfareAndEastsideSeesOnlyTheMarker() {
        String family = RaiseEventIT.unique("Pathway");
        String details = "Eviction hearing on the 3rd " + UUID.randomUUID();
        // Both agencies hold the person's Medicaid member id: the records link to one client without an identity steward.
        String medicaid = "MH" + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
        PartnerApi.share(PartnerTokens.RIVERSIDE, EventBodies.event("SYMPTOM_DETERIORATION",
                ClientBodies.withMedicaid(ClientBodies.person("RGH-" + UUID.randomUUID(), "Rosa", family, "1961-07-09"), medicaid),
                "2026-11-24T08:00:00Z",
                EventBodies.fields("symptom", "Dizzy", "severity", "mild", "reportedVia", "phone", "observedAt", "2026-11-24T07:30:00Z")));

        Page northgate = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        RaiseEventIT.startHousingAlert(northgate, "NHA-" + UUID.randomUUID(), family, details);
        northgate.getByLabel("Medicaid member ID (optional)").fill(medicaid.toLowerCase());
        northgate.getByTestId("share-button").click();
        northgate.waitForURL(url -> url.contains("/sent"));
        assertThat(northgate.locator("main")).containsText("County Welfare and Benefits Support");
        long clientId = TestDatabase.number("SELECT id FROM client WHERE family_name = ?", family);

        Page welfare = browser.loginAs(DemoUsers.ADVISOR_WELFARE);
        welfare.navigate(Browser.PORTAL_URL + "/worklist?q=" + family);
        assertThat(welfare.locator("tr", new Page.LocatorOptions().setHasText(family))).containsText("Housing instability alert");
        welfare.navigate(Browser.PORTAL_URL + "/clients/" + clientId);
        assertThat(welfare.locator("main")).containsText(details);
        assertThat(welfare.getByTestId("markers")).containsText("Housing unstable");

        Page eastside = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        eastside.navigate(Browser.PORTAL_URL + "/clients/" + clientId);
        assertThat(eastside.getByTestId("markers")).containsText("Housing unstable");
        assertThat(eastside.locator("main")).containsText("Housing instability alert");
        assertThat(eastside.locator("main")).containsText("Not shared with your agency");
        assertFalse(eastside.content().contains(details), "Eastside has no agreement for housing details");
        Browser.screenshot(eastside, "pathway3-eastside-withheld");
        northgate.context().close();
        welfare.context().close();
        eastside.context().close();
    }
}
