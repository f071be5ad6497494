package org.carerelay.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Role;
import org.carerelay.admin.KeycloakAdminClient.KcRole;
import org.carerelay.admin.KeycloakAdminClient.KcUser;

/**
 * What an agency admin can do to their agency's staff accounts, each step done in Keycloak with the
 * admin's own token. The portal adds only usability checks (valid input, not disabling yourself);
 * whose account and which role is for Keycloak to allow or refuse.
 */
@RequestScoped
public class AgencyUserAdmin {

    /** The two realm roles an agency admin may grant; anything else is refused here before Keycloak is asked. */
    public static final List<Role> GRANTABLE = List.of(Role.FRONTLINE, Role.TEAM_LEAD);

    /** One row of the Agency users table; roles are the CareRelay roles the user holds, however granted. */
    public record UserRow(String id, String username, String name, String email, boolean enabled, Set<Role> roles,
            boolean mustChangePassword, boolean self) {

        public boolean has(Role role) {
            return roles.contains(role);
        }

        public List<String> roleLabels() {
            return roles.stream().filter(r -> r != Role.PARTNER_SYSTEM && r != Role.AUDIT_READER).map(r -> r.label).toList();
        }
    }

    /** A change done, with the message for the page. */
    public record Outcome(String message, String temporaryPassword, String username) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Inject
    KeycloakAdminClient keycloak;

    @Inject
    CurrentUser admin;

    /** The accounts Keycloak shows this admin, with their CareRelay roles. */
    public List<UserRow> rows() {
        return keycloak.users().stream().map(u -> {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            keycloak.effectiveRealmRoles(u.id()).forEach(r -> Role.fromKeycloak(r.name()).ifPresent(roles::add));
            String name = (u.firstName() + " " + u.lastName()).strip();
            return new UserRow(u.id(), u.username(), name, u.email(), u.enabled(), roles,
                    u.requiredActions().contains("UPDATE_PASSWORD"), u.username().equals(admin.getUsername()));
        }).toList();
    }

    /**
     * Creates an enabled account in the admin's agency: member of the agency's group, attribute
     * {@code agency} set, a temporary password the person must change at first sign-in.
     */
    public Outcome create(NewUserForm form) {
        String agency = admin.getAgencySlug();
        String password = temporaryPassword();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", form.username());
        user.put("enabled", true);
        user.put("emailVerified", false);
        user.put("firstName", form.firstName());
        user.put("lastName", form.lastName());
        user.put("email", form.email());
        user.put("attributes", Map.of("agency", List.of(agency)));
        user.put("groups", List.of("/" + agency));
        user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", true)));
        keycloak.createUser(user);
        return new Outcome("Account " + form.username() + " created in " + admin.getAgencyName()
                + ". Give them the temporary password below; they choose their own at first sign-in."
                + " Grant their roles in the table.", password, form.username());
    }

    public Outcome setEnabled(String id, boolean enabled) {
        KcUser user = keycloak.user(id);
        if (!enabled && user.username().equals(admin.getUsername())) {
            throw new AdminRefusal("You cannot disable your own account. Ask another administrator.");
        }
        keycloak.setEnabled(id, enabled);
        return new Outcome("Account " + user.username() + (enabled ? " enabled." : " disabled: they can no longer sign in."),
                null, user.username());
    }

    public Outcome resetPassword(String id) {
        KcUser user = keycloak.user(id);
        if (user.username().equals(admin.getUsername())) {
            throw new AdminRefusal("To change your own password, use your Keycloak account page.");
        }
        String password = temporaryPassword();
        keycloak.resetPassword(id, password, true);
        return new Outcome("Password of " + user.username() + " reset. Give them the temporary password below;"
                + " they choose their own at their next sign-in.", password, user.username());
    }

    public Outcome grant(String id, Role role) {
        KcUser user = notSelf(keycloak.user(id));
        if (keycloak.effectiveRealmRoles(id).stream().anyMatch(r -> r.name().equals(role.keycloakName))) {
            return new Outcome(user.username() + " already has the role " + role.label + ".", null, user.username());
        }
        Optional<KcRole> mappable = keycloak.availableRealmRoles(id).stream()
                .filter(r -> r.name().equals(role.keycloakName)).findFirst();
        keycloak.addRealmRole(id, mappable.orElseThrow(() -> new KeycloakRefusal(403, null)));
        return new Outcome(user.username() + " now has the role " + role.label + ".", null, user.username());
    }

    public Outcome revoke(String id, Role role) {
        KcUser user = notSelf(keycloak.user(id));
        Optional<KcRole> mapped = keycloak.realmRoles(id).stream().filter(r -> r.name().equals(role.keycloakName)).findFirst();
        if (mapped.isEmpty()) {
            if (keycloak.effectiveRealmRoles(id).stream().anyMatch(r -> r.name().equals(role.keycloakName))) {
                throw new AdminRefusal(user.username() + " has the role " + role.label
                        + " through a Keycloak group, not directly: the CareRelay realm administrator changes that.");
            }
            return new Outcome(user.username() + " does not have the role " + role.label + ".", null, user.username());
        }
        keycloak.removeRealmRole(id, mapped.get());
        return new Outcome(user.username() + " no longer has the role " + role.label + ".", null, user.username());
    }

    private KcUser notSelf(KcUser user) {
        if (user.username().equals(admin.getUsername())) {
            throw new AdminRefusal("You cannot change your own roles. Ask another administrator or the CareRelay realm administrator.");
        }
        return user;
    }

    /** 4 groups of 4 unambiguous letters and digits, e.g. {@code Kq7m-Xv3p-9tRw-hN4e} (about 95 bits). */
    static String temporaryPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                password.append('-');
            }
            password.append(PASSWORD_LETTERS.charAt(RANDOM.nextInt(PASSWORD_LETTERS.length())));
        }
        return password.toString();
    }

    /** A change the portal itself declines (before asking Keycloak), with the reason. */
    public static class AdminRefusal extends RuntimeException {
        public AdminRefusal(String message) {
            super(message);
        }
    }
}
