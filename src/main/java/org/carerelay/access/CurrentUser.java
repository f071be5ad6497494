package org.carerelay.access;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The person (or partner system) behind the current request, as Keycloak vouches for them:
 * username, display name, roles and agency. The agency always comes from the token's
 * {@code agency} claim, never from a request body.
 */
@Named("currentUser")
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    @Inject
    AgencyDirectory agencies;

    private Optional<AgencyRef> agency;

    public boolean isAuthenticated() {
        return identity != null && !identity.isAnonymous();
    }

    public String getUsername() {
        return isAuthenticated() ? identity.getPrincipal().getName() : "";
    }

    public String getDisplayName() {
        String name = claim("name");
        return name == null || name.isBlank() ? getUsername() : name;
    }

    /** The stable user id (the token's subject), or null. */
    public String getSubject() {
        return claim("sub");
    }

    /** The agency slug the token carries, or null. */
    public String getAgencySlug() {
        return claim("agency");
    }

    /** The agency this user belongs to, when the token names one the network knows. */
    public Optional<AgencyRef> agency() {
        if (agency == null) {
            agency = isAuthenticated() ? agencies.find(getAgencySlug()) : Optional.empty();
        }
        return agency;
    }

    public String getAgencyName() {
        return agency().map(AgencyRef::name).orElse("");
    }

    public boolean hasKnownAgency() {
        return agency().isPresent();
    }

    public Set<Role> roles() {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        if (isAuthenticated()) {
            identity.getRoles().forEach(r -> Role.fromKeycloak(r).ifPresent(roles::add));
        }
        return roles;
    }

    public boolean has(Role role) {
        return roles().contains(role);
    }

    public List<String> getRoleLabels() {
        return roles().stream().filter(r -> r != Role.PARTNER_SYSTEM).map(r -> r.label).toList();
    }

    public boolean isFrontline() {
        return has(Role.FRONTLINE);
    }

    public boolean isTeamLead() {
        return has(Role.TEAM_LEAD);
    }

    public boolean isAgencyAdmin() {
        return has(Role.AGENCY_ADMIN);
    }

    public boolean isPrivacyOfficer() {
        return has(Role.PRIVACY_OFFICER);
    }

    public boolean isCommissioner() {
        return has(Role.COMMISSIONER);
    }

    private String claim(String name) {
        if (!isAuthenticated()) {
            return null;
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object value = jwt.getClaim(name);
            if (value instanceof jakarta.json.JsonString json) {
                return json.getString();
            }
            return value == null ? null : value.toString();
        }
        return null;
    }
}
