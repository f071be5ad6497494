package org.carerelay.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.SameSiteAttribute;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Another site cannot act in a signed-in person's name: a CSRF token pair the caller made up, and a
 * post from another origin, are refused with the product's error page, store nothing and leave one
 * denied audit entry. The portal's own forms keep working, also from a page left open in another
 * tab, and redirects point at the configured public URL whatever Host header the request carried.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class CsrfAndOriginIT {

    static final SecureRandom RANDOM = new SecureRandom();
    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    /** A new delivery to Eastside (an urgent access problem Northgate shares), state new; its client's family name is {@code family}. */
    static long newDeliveryToEastside(String family) {
        PartnerApi.share(PartnerTokens.NORTHGATE, EventBodies.event("URGENT_ACCESS_PROBLEM",
                ClientBodies.person("NHA-" + UUID.randomUUID(), "Lee", family, "1958-04-03"), EventBodies.anHourAgo(),
                EventBodies.fields("problem", "no_heating", "description", "Boiler failed", "vulnerableHousehold", true)));
        return TestDatabase.number("""
                SELECT d.id FROM delivery d JOIN client c ON c.id = d.client_id JOIN agency a ON a.id = d.recipient_agency_id
                WHERE c.family_name = ? AND a.slug = 'eastside-community'""", family);
    }

    static String state(long deliveryId) {
        return TestDatabase.number("SELECT count(*) FROM delivery WHERE id = ? AND state = 'new'", deliveryId) == 1 ? "new" : "changed";
    }

    static long transitions(long deliveryId) {
        return TestDatabase.number("SELECT count(*) FROM delivery_transition WHERE delivery_id = ?", deliveryId);
    }

    static String version(long deliveryId) {
        return String.valueOf(TestDatabase.number("SELECT version FROM delivery WHERE id = ?", deliveryId));
    }

    static APIResponse acknowledge(Page page, long deliveryId, RequestOptions options, String token) {
        return page.request().post(Browser.PORTAL_URL + "/worklist/deliveries/" + deliveryId + "/acknowledge",
                options.setMaxRedirects(0).setForm(FormData.create().set("csrf-token", token).set("version", version(deliveryId))));
    }

    static String madeUpToken(int bytes) {
        byte[] token = new byte[bytes];
        RANDOM.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    @Test
    void aTokenPairTheCallerMadeUpIsRefusedWithTheErrorPageAndStoresNothing() {
        long deliveryId = newDeliveryToEastside("Forged" + TestNames.letters(8));
        Page page = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        page.navigate(Browser.PORTAL_URL + "/worklist");
        long before = transitions(deliveryId);
        // 16 bytes is the size of an unsigned Quarkus token, 32 that of a signed one: neither may pass when made up.
        for (int size : new int[] {16, 32}) {
            String forged = madeUpToken(size);
            page.context().addCookies(List.of(new Cookie("csrf-token", forged).setUrl(Browser.PORTAL_URL)));
            APIResponse response = acknowledge(page, deliveryId, RequestOptions.create().setHeader("Origin", Browser.PORTAL_URL), forged);

            assertEquals(403, response.status(), size + "-byte made-up pair: " + response.text());
            assertTrue(response.headers().get("content-type").startsWith("text/html"), response.headers().toString());
            assertTrue(response.text().contains("This form could not be accepted"), response.text());
            assertTrue(response.text().contains("nothing was changed"), response.text());
            assertEquals("new", state(deliveryId));
            assertEquals(before, transitions(deliveryId), "nothing stored");
            assertEquals(List.of("denied route /worklist/deliveries/" + deliveryId + "/acknowledge"),
                    TestDatabase.auditOf(response.headers().get("x-request-id")));
        }
        page.context().close();
    }

    @Test
    void aPostFromAnotherOriginIsRefusedAndStoresNothingWhileThePortalsOwnPostWorks() {
        String family = "Origin" + TestNames.letters(8);
        long deliveryId = newDeliveryToEastside(family);
        Page page = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        page.navigate(Browser.PORTAL_URL + "/worklist?q=" + family);
        String token = Browser.csrfToken(page); // the token the row's Acknowledge form carries
        long before = transitions(deliveryId);

        APIResponse foreign = acknowledge(page, deliveryId, RequestOptions.create().setHeader("Origin", "http://evil.example"), token);
        assertEquals(403, foreign.status(), foreign.text());
        assertTrue(foreign.text().contains("This request did not come from CareRelay"), foreign.text());
        assertEquals(List.of("denied route /worklist/deliveries/" + deliveryId + "/acknowledge"),
                TestDatabase.auditOf(foreign.headers().get("x-request-id")));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM audit_entry WHERE request_id = ? AND reason LIKE '%evil.example%'",
                foreign.headers().get("x-request-id")), "the entry says where the request came from");

        APIResponse lookalike = acknowledge(page, deliveryId,
                RequestOptions.create().setHeader("Referer", Browser.PORTAL_URL + ".evil.example/worklist"), token);
        assertEquals(403, lookalike.status(), "a Referer that only starts like the portal's address: " + lookalike.text());
        APIResponse nowhere = acknowledge(page, deliveryId, RequestOptions.create(), token);
        assertEquals(403, nowhere.status(), "neither Origin nor Referer: " + nowhere.text());
        assertEquals("new", state(deliveryId));
        assertEquals(before, transitions(deliveryId), "nothing stored");

        APIResponse own = acknowledge(page, deliveryId, RequestOptions.create().setHeader("Referer", Browser.PORTAL_URL + "/worklist"), token);
        assertEquals(200, own.status(), "the same post from the portal's own page: " + own.text());
        assertEquals("changed", state(deliveryId));
        page.context().close();
    }

    @Test
    void theTokenCookieIsStrictAndAWorklistLeftOpenInAnotherTabStillWorks() {
        String family = "Tabs" + TestNames.letters(8);
        long deliveryId = newDeliveryToEastside(family);
        Page worklist = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        worklist.navigate(Browser.PORTAL_URL + "/worklist?q=" + family);

        Cookie csrf = worklist.context().cookies(Browser.PORTAL_URL).stream().filter(c -> c.name.equals("csrf-token")).findFirst().orElseThrow();
        assertEquals(SameSiteAttribute.STRICT, csrf.sameSite, "the CSRF cookie is never sent with a request another site starts");
        assertTrue(csrf.httpOnly);

        Page other = worklist.context().newPage(); // the same person opens other pages in a second tab
        other.navigate(Browser.PORTAL_URL + "/sent");
        other.navigate(Browser.PORTAL_URL + "/events/new?type=URGENT_ACCESS_PROBLEM");
        other.close();

        Locator row = worklist.getByTestId("delivery-" + deliveryId);
        row.getByText("Acknowledge").click();
        assertThat(row.getByTestId("row-message")).hasText("Acknowledged.");
        assertEquals("changed", state(deliveryId));
        worklist.context().close();
    }

    @Test
    void aRedirectPointsAtThePublicUrlWhateverTheHostHeaderSays() throws IOException {
        Page page = browser.loginAs(DemoUsers.PRIVACY_EASTSIDE); // the home page sends a privacy officer on to /privacy
        String cookies = page.context().cookies(Browser.PORTAL_URL).stream().map(c -> c.name + "=" + c.value).collect(Collectors.joining("; "));
        String location = locationOf("GET / HTTP/1.1\r\nHost: evil.example\r\nCookie: " + cookies + "\r\nConnection: close\r\n\r\n");
        assertEquals(Browser.PORTAL_URL + "/privacy", location);
        page.context().close();
    }

    /** Sends a raw HTTP/1.1 request (so the Host header is exactly as written) and returns the answer's Location. */
    static String locationOf(String request) throws IOException {
        URI portal = URI.create(Browser.PORTAL_URL);
        try (Socket socket = new Socket(portal.getHost(), portal.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            String answer = head.toString(StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 303"), answer);
            return answer.lines().filter(l -> l.toLowerCase().startsWith("location:")).map(l -> l.substring(9).trim()).findFirst()
                    .orElseThrow(() -> new AssertionError("no Location: " + answer));
        }
    }
}
