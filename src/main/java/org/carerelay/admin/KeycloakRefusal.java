package org.carerelay.admin;

/**
 * Keycloak did not do what the agency admin asked: it refused (403), did not find the user (404),
 * found a clash (409), rejected a value (400), or could not be reached. Carries a message a person
 * can act on; never a stack trace.
 */
public class KeycloakRefusal extends RuntimeException {

    public final int status;
    /** Keycloak's own explanation, when it gave one. */
    public final String keycloakMessage;

    public KeycloakRefusal(int status, String keycloakMessage) {
        super("Keycloak answered " + status + (keycloakMessage == null ? "" : ": " + keycloakMessage));
        this.status = status;
        this.keycloakMessage = keycloakMessage;
    }

    /** What the page tells the admin. */
    public String explain() {
        return switch (status) {
            case 401 -> "Your sign-in has expired. Sign out and sign in again, then repeat the change.";
            case 403 -> "Keycloak refused this change: your administrator rights cover only the staff of your own agency,"
                    + " and only the roles Frontline staff and Team lead.";
            case 404 -> "Keycloak has no such user. The account may have been removed.";
            case 409 -> "Keycloak already has an account with this username or email address.";
            case 503 -> "Keycloak could not be reached. Check the list below before trying again.";
            default -> status >= 500
                    ? "Keycloak could not complete the change (error " + status + "). Check the list below before trying again."
                    : "Keycloak did not accept the change" + (keycloakMessage == null ? "." : ": " + keycloakMessage);
        };
    }
}
