package org.carerelay.catalogue;

import org.carerelay.sql.Codes;

/** The sensitivity category of an event type; behavioral health needs the client's consent. */
public enum Sensitivity {
    GENERAL("general", "General"),
    HEALTH("health", "Health"),
    BEHAVIORAL_HEALTH("behavioral_health", "Behavioral health"),
    SAFEGUARDING("safeguarding", "Safeguarding");

    public final String code;
    public final String label;

    Sensitivity(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** Whether routing the fields of this category needs the client's recorded consent. */
    public boolean needsConsent() {
        return this == BEHAVIORAL_HEALTH;
    }

    public static Sensitivity of(String code) {
        return Codes.find(values(), s -> s.code, code).orElseThrow(() -> new IllegalArgumentException("unknown sensitivity " + code));
    }
}
