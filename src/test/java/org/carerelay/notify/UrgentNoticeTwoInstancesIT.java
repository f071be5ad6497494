package org.carerelay.notify;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.SecondInstance;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestMail;
import org.carerelay.harness.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Urgent notices with two portal instances on one database (issue 16): A is the packaged app under test, B a second
 * process from the same jar ({@link SecondInstance}) that mails through the same test SMTP server. Both run the notice
 * job every second; both clocks are moved past each threshold so both find the same items due at once. Every address
 * still receives exactly one message per item and stage, read from the real SMTP server, and every notice was claimed
 * and sent once.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class UrgentNoticeTwoInstancesIT {

    static final String TAG = TestNames.letters(8);
    static final List<String> ON_CALL = List.of("twice-a-" + TAG.toLowerCase() + "@eastside.example.org",
            "twice-b-" + TAG.toLowerCase() + "@eastside.example.org");
    static final String LEAD = "twice-lead-" + TAG.toLowerCase() + "@eastside.example.org";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    static Page admin;
    static SecondInstance b;

    @BeforeAll
    static void setUp() {
        admin = browser.loginAs(DemoUsers.ADMIN_EASTSIDE);
        for (String address : ON_CALL) {
            OnCallSettings.add(admin, "on-call", address);
        }
        OnCallSettings.add(admin, "lead", LEAD);
        OnCallSettings.rule(admin, "urgent_review", "60", "180");
        assertThat(admin.getByTestId("notice")).containsText("on-call contacts after 60 minutes, team lead contacts after 180 minutes");
        // B's mailer must reach the same SMTP server as A's (by default it would use 2 + B's own port)
        b = SecondInstance.start(Map.of("CARERELAY_TEST_SMTP_PORT", String.valueOf(TestMail.SMTP_PORT)));
    }

    @AfterAll
    static void tearDown() {
        if (b != null) {
            b.close();
        }
        clock(Browser.PORTAL_URL, "reset");
        for (String address : ON_CALL) {
            OnCallSettings.remove(admin, "on-call", address);
        }
        OnCallSettings.remove(admin, "lead", LEAD);
        OnCallSettings.rule(admin, "urgent_review", "30", "60"); // the defaults again
        admin.context().close();
    }

    /** Moves (or resets) one instance's own test clock; a JSON POST, as a form content type would be checked for CSRF. */
    static void clock(String instance, String what) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance + "/test-support/clock/" + what)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), () -> instance + " clock " + what + ": " + answer.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Moves both instances' clocks, so both jobs find the same items due. */
    static void moveBothClocks(int hours) {
        clock(Browser.PORTAL_URL, "advance?hours=" + hours);
        clock(b.url(), "advance?hours=" + hours);
    }

    @Test
    void bothInstancesRunTheNoticeJobAndEachAddressHearsOncePerItemAndStage() {
        String family = "Twice" + TAG;
        List<Long> deliveries = new ArrayList<>();
        for (String given : List.of("Ada", "Bo", "Cy", "Di")) {
            deliveries.add(UrgentShares.share("TWICE-" + TAG + "-" + given, given, family));
        }
        long later;
        try {
            moveBothClocks(1); // past the on-call threshold on both
            for (long d : deliveries) {
                for (String address : ON_CALL) {
                    UrgentShares.awaitMail(address, d);
                }
            }
            moveBothClocks(2); // past the team lead threshold on both
            for (long d : deliveries) {
                UrgentShares.awaitMail(LEAD, d);
            }
            // A later item's notice shows the jobs ran on since the last expected message.
            later = UrgentShares.share("TWICE-" + TAG + "-Ed", "Ed", family);
            moveBothClocks(1);
            for (String address : ON_CALL) {
                UrgentShares.awaitMail(address, later);
            }
        } finally {
            clock(Browser.PORTAL_URL, "reset");
            clock(b.url(), "reset");
        }

        for (long d : deliveries) {
            for (String address : ON_CALL) {
                assertEquals(1, UrgentShares.mail(address, d).size(), "one on-call message to " + address + " about delivery " + d);
            }
            assertEquals(1, UrgentShares.mail(LEAD, d).size(), "one team lead message about delivery " + d);
            assertEquals("1 urgent item is still waiting for Eastside Community Response Team in CareRelay",
                    UrgentShares.mail(LEAD, d).get(0).subject());
        }
        for (String address : ON_CALL) {
            assertEquals(1, UrgentShares.mail(address, later).size());
        }
        assertEquals(List.of(), UrgentShares.mail(LEAD, later), "the later item has not waited past the team lead threshold");

        String ids = deliveries.toString().replaceAll("[\\[\\] ]", "");
        assertEquals(deliveries.size() * 3L, TestDatabase.number("""
                SELECT count(*) FROM urgent_notice WHERE delivery_id = ANY (string_to_array(?, ',')::bigint[])
                  AND state = 'sent' AND attempts = 1""", ids), "each notice was claimed and sent once, by one of the instances");

        // Which instance sent what, for the report (not asserted: either may win each run).
        List<Long> notices = TestDatabase.ids("SELECT id FROM urgent_notice WHERE delivery_id = ANY (string_to_array(?, ',')::bigint[])", ids);
        Matcher sentByB = Pattern.compile("Urgent notice (\\d+) sent").matcher(b.logText());
        int byB = 0;
        while (sentByB.find()) {
            byB += notices.contains(Long.valueOf(sentByB.group(1))) ? 1 : 0;
        }
        System.out.printf("UrgentNoticeTwoInstancesIT: %d notices, %d sent by B, %d by A%n", notices.size(), byB, notices.size() - byB);
    }
}
