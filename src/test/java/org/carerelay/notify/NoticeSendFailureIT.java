package org.carerelay.notify;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.Eventually;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestMail;
import org.carerelay.harness.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A notice the mail server does not take (issue 16: "a failed send is retried and shown to the agency admin"): the
 * test's SMTP server (GreenMail on loopback) is stopped, so the packaged app's sends meet a closed port. Each failed
 * attempt is recorded with the connection error and tried again on the retry schedule (1m, 5m, 15m, 1h; the app's clock
 * is moved past each wait); the agency admin's on-call page shows the waiting retry with the error, and a notice whose
 * attempts are used up as failed, with a warning above the lists. Once the server is back, the notice still being
 * retried is delivered exactly once; the one that failed for good is never sent.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class NoticeSendFailureIT {

    static final String TAG = TestNames.letters(8);
    static final String ON_CALL = "smtp-down-" + TAG.toLowerCase() + "@eastside.example.org";
    static final int ATTEMPTS = 5; // the first and one per entry of the default retry schedule 1m,5m,15m,1h
    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    static Page admin;

    @BeforeAll
    static void setUp() {
        admin = browser.loginAs(DemoUsers.ADMIN_EASTSIDE);
        OnCallSettings.add(admin, "on-call", ON_CALL);
        OnCallSettings.rule(admin, "urgent_review", "60", ""); // on-call contacts after an hour; no team lead stage
        assertThat(admin.getByTestId("notice")).containsText("on-call contacts after 60 minutes, team lead contacts after never");
    }

    @AfterAll
    static void tearDown() {
        resetClock();
        OnCallSettings.remove(admin, "on-call", ON_CALL);
        OnCallSettings.rule(admin, "urgent_review", "30", "60"); // the defaults again
        admin.context().close();
    }

    static void moveClock(int hours) {
        RestAssured.given().contentType("application/json").post("/test-support/clock/advance?hours=" + hours).then().statusCode(200);
    }

    static void resetClock() {
        RestAssured.given().contentType("application/json").post("/test-support/clock/reset").then().statusCode(200);
    }

    static long attempts(long deliveryId) {
        return TestDatabase.number("SELECT coalesce(max(attempts), 0) FROM urgent_notice WHERE delivery_id = ? AND address = ?", deliveryId,
                ON_CALL);
    }

    static String state(long deliveryId) {
        List<String> states = TestDatabase.column("SELECT state FROM urgent_notice WHERE delivery_id = ? AND address = ?", deliveryId, ON_CALL);
        return states.isEmpty() ? "none" : states.get(0);
    }

    /** Waits until the notice about this delivery has failed one attempt more than {@code before}, and waits for its retry. */
    static void awaitFailedAttempt(long deliveryId, long before) {
        Eventually.until("attempt " + (before + 1) + " of the notice about delivery " + deliveryId + " fails", Duration.ofSeconds(60),
                () -> attempts(deliveryId) > before && List.of("pending", "failed").contains(state(deliveryId)));
    }

    /** The admin's row of the notice about this delivery to this run's address. */
    static Locator row(long deliveryId) {
        admin.navigate(Browser.PORTAL_URL + "/admin/on-call");
        return admin.locator("[data-testid=notices] tr[data-delivery='" + deliveryId + "']", new Page.LocatorOptions().setHasText(ON_CALL));
    }

    @Test
    void aRefusedSendIsRetriedShownToTheAdminAndDeliveredExactlyOnceWhenTheServerIsBack() {
        String family = "Unsent" + TAG;
        Pattern refused = Pattern.compile("refused", Pattern.CASE_INSENSITIVE);
        long gaveUp;
        long retried;
        try {
            try (TestMail.Outage outage = TestMail.outage()) {
                gaveUp = UrgentShares.share("SMTP-" + TAG + "-A", "Ada", family);
                moveClock(1); // past the on-call threshold: the job tries to send and cannot connect
                awaitFailedAttempt(gaveUp, 0);
                String error = TestDatabase.column("SELECT last_error FROM urgent_notice WHERE delivery_id = ? AND address = ?", gaveUp, ON_CALL)
                        .get(0);
                Locator waiting = row(gaveUp);
                assertThat(waiting).hasAttribute("data-state", "pending");
                assertThat(waiting).containsText("Waiting to be sent: next attempt");
                assertThat(waiting).containsText(error);
                assertThat(waiting).containsText(refused);
                Browser.screenshot(admin, "on-call-notice-retrying");

                // Each clock move of 2 hours passes the next wait of the schedule (the longest is 1 h + 10 % jitter).
                for (int move = 0; move < ATTEMPTS && !"failed".equals(state(gaveUp)); move++) {
                    long before = attempts(gaveUp);
                    moveClock(2);
                    awaitFailedAttempt(gaveUp, before);
                }
                assertEquals("failed", state(gaveUp), "the schedule is used up: the notice failed for good");
                assertEquals(ATTEMPTS, attempts(gaveUp));
                Locator failed = row(gaveUp);
                assertThat(failed).hasAttribute("data-state", "failed");
                assertThat(failed).containsText("Failed");
                assertThat(failed).containsText(refused);
                assertThat(admin.getByTestId("failed-notices")).containsText("could not be sent");
                Browser.screenshot(admin, "on-call-notice-failed");

                // A second item while the server is still down: its notice fails twice and waits for its next attempt.
                retried = UrgentShares.share("SMTP-" + TAG + "-B", "Bo", family);
                moveClock(1);
                awaitFailedAttempt(retried, 0);
                long before = attempts(retried);
                moveClock(2);
                awaitFailedAttempt(retried, before);
                assertThat(row(retried)).hasAttribute("data-state", "pending");
                assertEquals(List.of(), UrgentShares.mail(ON_CALL, retried));
            }

            // The server is back: the next attempt delivers the notice still being retried.
            moveClock(2);
            UrgentShares.awaitMail(ON_CALL, retried);
            Locator sent = row(retried);
            assertThat(sent).hasAttribute("data-state", "sent");
            assertThat(sent).not().containsText(refused); // the error of earlier attempts is cleared once it is sent

            // A later item's notice shows the job ran on since; still one message about the retried item, none about the other.
            long later = UrgentShares.share("SMTP-" + TAG + "-C", "Cy", family);
            moveClock(1);
            UrgentShares.awaitMail(ON_CALL, later);
        } finally {
            resetClock();
        }
        assertEquals(1, UrgentShares.mail(ON_CALL, retried).size(), "delivered exactly once after its failed attempts");
        assertEquals(List.of(), UrgentShares.mail(ON_CALL, gaveUp), "a notice that failed for good is never sent");
        assertEquals("failed", state(gaveUp));
        assertEquals(ATTEMPTS, attempts(gaveUp), "no attempt after the last one of the schedule");
    }
}
