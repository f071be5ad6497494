package org.carerelay.home;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.KeycloakLoginPage;
import org.carerelay.harness.LocalStack;
import org.carerelay.harness.PortalUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signing out ends the session everywhere at once: a copy of the session cookies (another browser,
 * another tool) is sent to Keycloak's sign-in from then on. Sign-out is a POST with the CSRF token, so
 * a link or another site cannot sign a person out.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class SignOutIT {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    @Test
    void aCopiedSessionStopsWorkingWhenThePersonSignsOut() {
        Page page = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        List<Cookie> portalCookies = page.context().cookies(Browser.PORTAL_URL + "/");
        Page copy = browser.newPage();
        copy.context().addCookies(portalCookies);
        copy.navigate(Browser.PORTAL_URL + "/worklist");
        assertThat(copy.locator("h1")).containsText("Worklist — Eastside Community Response Team");
        assertEquals(200, get("/worklist", portalCookies).statusCode(), "the copied cookies work while the session lasts");

        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign out")).click();
        page.waitForURL(url -> url.startsWith(LocalStack.KEYCLOAK_URL));
        page.waitForSelector(KeycloakLoginPage.USERNAME);

        HttpResponse<String> replayed = get("/worklist", portalCookies);
        assertEquals(302, replayed.statusCode(), "the copy is sent to sign in: " + replayed.headers().map());
        assertTrue(replayed.headers().firstValue("Location").orElse("").startsWith(LocalStack.REALM_URL + "/protocol/openid-connect/auth"),
                "to Keycloak's sign-in: " + replayed.headers().map());
        copy.navigate(Browser.PORTAL_URL + "/worklist");
        copy.waitForSelector(KeycloakLoginPage.USERNAME);
        Browser.screenshot(copy, "signout-copied-session");
        assertTrue(KeycloakLoginPage.isShown(copy), "the copied session gets Keycloak's sign-in, not the worklist: " + copy.url());
        page.context().close();
        copy.context().close();
    }

    @Test
    void signingOutNeedsAPostWithTheCsrfToken() {
        Page page = browser.loginAs(DemoUsers.LEAD_EASTSIDE);
        List<Cookie> cookies = page.context().cookies(Browser.PORTAL_URL + "/");

        HttpResponse<String> link = get("/logout", cookies);
        assertEquals(405, link.statusCode(), "a GET (a link, an image on another site) does not sign out: " + link.body());
        HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + "/logout"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", Browser.PORTAL_URL)
                .POST(HttpRequest.BodyPublishers.ofString("")), cookies);
        assertEquals(403, forged.statusCode(), "a POST without the CSRF token does not sign out: " + forged.body());
        assertTrue(forged.body().contains("This form could not be accepted"), forged.body());

        assertEquals(200, get("/worklist", cookies).statusCode(), "the session still works");
        page.navigate(Browser.PORTAL_URL + "/worklist");
        assertThat(page.locator("h1")).containsText("Worklist");
        page.context().close();
    }

    @Test
    void theBackChannelLogoutAddressRefusesAnythingButAValidLogoutToken() {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + "/logout/back-channel"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token=not-a-token")), List.of());
        assertEquals(400, reply.statusCode(), "Quarkus OIDC verifies the logout token there (not a sign-in redirect): " + reply.headers().map());
    }

    static HttpResponse<String> get(String path, List<Cookie> cookies) {
        return send(HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + path)).GET(), cookies);
    }

    static HttpResponse<String> send(HttpRequest.Builder request, List<Cookie> cookies) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies.stream().map(c -> c.name + "=" + c.value).toList()));
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
