package org.carerelay.notify;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import org.carerelay.harness.Browser;

/** The agency admin's on-call page as a test drives it: add or remove an address, set a rule, as a person would. */
final class OnCallSettings {

    private OnCallSettings() {
    }

    static void add(Page admin, String list, String address) {
        admin.navigate(Browser.PORTAL_URL + "/admin/on-call");
        admin.fill("#address-" + list, address);
        admin.getByTestId("list-" + list).locator("button[type=submit]").last().click();
        assertThat(admin.getByTestId("notice")).containsText(address.toLowerCase(java.util.Locale.ROOT) + " is on the"); // stored lower-case
    }

    static void remove(Page admin, String list, String address) {
        admin.navigate(Browser.PORTAL_URL + "/admin/on-call");
        if (admin.getByTestId("list-" + list).getByTestId("contact-" + address).count() > 0) {
            admin.getByTestId("list-" + list).getByTestId("contact-" + address).locator("button").click();
            assertThat(admin.getByTestId("notice")).containsText("is no longer on the");
        }
    }

    static void rule(Page admin, String urgency, String onCallMinutes, String leadMinutes) {
        admin.navigate(Browser.PORTAL_URL + "/admin/on-call");
        admin.fill("#onCallMinutes-" + urgency, onCallMinutes);
        admin.fill("#leadMinutes-" + urgency, leadMinutes);
        admin.getByTestId("rule-" + urgency).locator("button[type=submit]").click();
    }
}
