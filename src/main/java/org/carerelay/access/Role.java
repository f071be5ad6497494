package org.carerelay.access;

import java.util.Arrays;
import java.util.Optional;

/** The realm roles a CareRelay user can hold, as named in Keycloak. */
public enum Role {
    FRONTLINE("frontline", "Frontline staff"),
    TEAM_LEAD("team-lead", "Team lead"),
    AGENCY_ADMIN("agency-admin", "Agency admin"),
    PRIVACY_OFFICER("privacy-officer", "Privacy officer"),
    COMMISSIONER("commissioner", "Commissioner"),
    IDENTITY_STEWARD("identity-steward", "Identity steward"),
    PARTNER_SYSTEM("partner-system", "Partner system"),
    /** An agency's audit or SIEM system: reads its agency's own audit trail as FHIR AuditEvents, nothing else. */
    AUDIT_READER("audit-reader", "Audit reader");

    public final String keycloakName;
    public final String label;

    Role(String keycloakName, String label) {
        this.keycloakName = keycloakName;
        this.label = label;
    }

    public static Optional<Role> fromKeycloak(String name) {
        return Arrays.stream(values()).filter(r -> r.keycloakName.equals(name)).findFirst();
    }
}
