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
import org.carerelay.web.ProblemException;
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

    /**
     * The name the audit trail records: the configured principal claim (a person's username, a partner
     * system's client id), else whatever the token does carry to say who it is. Never null when signed in:
     * a realm token without the expected claim (e.g. a person's own token sent to the partner API) still
     * gets a named, recorded refusal.
     */
    public String getUsername() {
        if (!isAuthenticated()) {
            return "";
        }
        String name = identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        for (String fallback : new String[] {"preferred_username", "azp", "sub"}) {
            if (name == null || name.isBlank()) {
                name = claim(fallback);
            }
        }
        return name == null || name.isBlank() ? "unknown" : name;
    }

    /** The OAuth2 client the token was issued to as a client-credentials token ({@code client_id}), or null. */
    public String getClientId() {
        return claim("client_id");
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

    /**
     * The agency this user belongs to, when the token names one the network knows. A person's
     * {@code agency} claim counts only when the token also shows membership of that agency's group
     * (agency admins may edit their users' attributes, never another agency's group). A partner
     * system's claim is set on its Keycloak client, which agency admins cannot change.
     */
    public Optional<AgencyRef> agency() {
        if (agency == null) {
            agency = isAuthenticated() && (isAgencySystem() || inAgencyGroup(getAgencySlug()))
                    ? agencies.find(getAgencySlug()) : Optional.empty();
        }
        return agency;
    }

    /** True when the token names an agency but is not a member of that agency's group. */
    public boolean agencyNotBackedByGroup() {
        return isAuthenticated() && getAgencySlug() != null && !isAgencySystem() && !inAgencyGroup(getAgencySlug());
    }

    /** A client-credentials token of a partner system (Keycloak adds client_id for service accounts). */
    public boolean isPartnerSystem() {
        return claim("client_id") != null && has(Role.PARTNER_SYSTEM);
    }

    /** A client-credentials token of an agency's system: a partner system, or an audit reader (its audit trail only). */
    public boolean isAgencySystem() {
        return claim("client_id") != null && (has(Role.PARTNER_SYSTEM) || has(Role.AUDIT_READER));
    }

    private boolean inAgencyGroup(String slug) {
        if (slug == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return false;
        }
        Object groups = jwt.getClaim("agency_groups");
        if (groups instanceof java.util.Collection<?> list) {
            return list.stream().map(g -> g instanceof jakarta.json.JsonString js ? js.getString() : String.valueOf(g))
                    .anyMatch(g -> g.equals("/" + slug));
        }
        return false;
    }

    /**
     * The caller's agency, or a 403 problem when the token names none the network knows: every page and
     * endpoint that acts for an agency asks here, so the refusal reads the same everywhere.
     */
    public AgencyRef requireAgency() {
        return agency().orElseThrow(() -> new ProblemException(403, "forbidden", "Unknown agency",
                "Your account is not linked to an agency on the CareRelay network."));
    }

    /** The id of {@link #requireAgency()}. */
    public long requireAgencyId() {
        return requireAgency().id();
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
        return roles().stream().filter(r -> r != Role.PARTNER_SYSTEM && r != Role.AUDIT_READER).map(r -> r.label).toList();
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

    public boolean isIdentitySteward() {
        return has(Role.IDENTITY_STEWARD);
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
