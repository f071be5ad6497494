package org.carerelay.harness;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * One Playwright and one headless Debian Chromium per test class (creating Playwright unpacks its
 * driver, 1-3 s). Never downloads a browser. The Chromium path can be overridden with
 * CARERELAY_CHROMIUM.
 */
public final class Browser implements AutoCloseable {

    /** The packaged portal under test: port from CARERELAY_TEST_HTTP_PORT (default 8081), always on "localhost" (the realm's redirect URIs). */
    public static final int PORTAL_PORT = Integer.parseInt(System.getenv().getOrDefault("CARERELAY_TEST_HTTP_PORT", "8081"));
    public static final String PORTAL_URL = System.getenv().getOrDefault("CARERELAY_TEST_PORTAL_URL", "http://localhost:" + PORTAL_PORT);
    /** The portal's management interface (health, metrics), as application.properties derives it: 8081 → 18081. */
    public static final int MANAGEMENT_PORT = managementPort(PORTAL_PORT, System.getenv("CARERELAY_TEST_MANAGEMENT_PORT"));
    public static final String MANAGEMENT_URL = "http://localhost:" + MANAGEMENT_PORT;
    public static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;

    public Browser() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        String path = System.getenv().getOrDefault("CARERELAY_CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Paths.get(path))) {
            playwright.close();
            throw new IllegalStateException("Chromium not found at " + path
                    + ": install it (apt-get install -y chromium) or set CARERELAY_CHROMIUM");
        }
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(path))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
    }

    /** A fresh browser session (own cookies), as a new person at a new computer. */
    public Page newPage() {
        BrowserContext context = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1366, 900));
        context.setDefaultTimeout(15_000);
        return context.newPage();
    }

    /** Opens the portal in a fresh session and signs in through Keycloak's real login pages. */
    public Page loginAs(String username) {
        return loginAs(username, DemoUsers.PASSWORD);
    }

    public Page loginAs(String username, String password) {
        return loginAs(PORTAL_URL, username, password);
    }

    /** As {@link #loginAs(String)}, on the portal at {@code portalUrl} (another instance, e.g. the benchmark's). */
    public Page loginAs(String portalUrl, String username, String password) {
        Page page = newPage();
        page.navigate(portalUrl + "/");
        KeycloakLoginPage.signIn(page, username, password);
        page.waitForURL(url -> url.startsWith(portalUrl));
        return page;
    }

    /** The management port of a test-profile instance on {@code httpPort}: the override if given, else "1" + the HTTP port. */
    public static int managementPort(int httpPort, String override) {
        return override != null && !override.isBlank() ? Integer.parseInt(override.trim()) : Integer.parseInt("1" + httpPort);
    }

    public static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /**
     * The CSRF token the portal's forms carry: from a form on the page when it has one, else from the
     * {@code csrf-page-token} cookie (HttpOnly, read here through Playwright). The {@code csrf-token}
     * cookie holds only the token's signature.
     */
    public static String csrfToken(Page page) {
        Locator field = page.locator("input[type=hidden][name=csrf-token]");
        if (field.count() > 0) {
            return field.first().inputValue();
        }
        return page.context().cookies(PORTAL_URL).stream().filter(c -> c.name.equals("csrf-page-token")).map(c -> c.value)
                .findFirst().orElse("");
    }

    /**
     * Options for a request sent the way the portal's own page sends it: with the portal's
     * {@code Origin} (browsers add it to every POST; the portal refuses posts from elsewhere) and the
     * page's CSRF token in the {@code X-CSRF-TOKEN} header.
     */
    public static com.microsoft.playwright.options.RequestOptions fromPortalPage(Page page) {
        return com.microsoft.playwright.options.RequestOptions.create().setHeader("Origin", PORTAL_URL)
                .setHeader("X-CSRF-TOKEN", csrfToken(page));
    }

    public static Locator main(Page page) {
        return page.locator("main");
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }
}
