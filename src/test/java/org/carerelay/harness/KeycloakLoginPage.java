package org.carerelay.harness;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/**
 * Keycloak's own login pages. With organizations enabled the login is identity-first: a username
 * page, then a password page. Handles the one-page form too.
 */
public final class KeycloakLoginPage {

    public static final String USERNAME = "#username";
    public static final String PASSWORD = "#password";
    public static final String SUBMIT = "#kc-login";
    public static final String ERROR = "#input-error-username, #input-error-password, #input-error, .kc-feedback-text, .pf-v5-c-alert__title";

    private KeycloakLoginPage() {
    }

    public static boolean isShown(Page page) {
        return page.url().startsWith(LocalStack.KEYCLOAK_URL) && page.locator(USERNAME + ", " + PASSWORD).count() > 0;
    }

    public static void signIn(Page page, String username, String password) {
        page.waitForSelector(USERNAME);
        page.fill(USERNAME, username);
        Locator passwordField = page.locator(PASSWORD);
        if (passwordField.count() > 0 && passwordField.isVisible()) {
            passwordField.fill(password);
            page.click(SUBMIT);
            return;
        }
        page.click(SUBMIT);
        page.waitForSelector(PASSWORD);
        page.fill(PASSWORD, password);
        page.click(SUBMIT);
    }

    public static String errorText(Page page) {
        return page.locator(ERROR).first().innerText();
    }
}
