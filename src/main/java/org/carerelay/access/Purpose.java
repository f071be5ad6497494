package org.carerelay.access;

/** Why a record was opened; recorded on every audit entry. */
public enum Purpose {
    CARE_DELIVERY("care_delivery"), BREAK_GLASS("break_glass"), PRIVACY_REVIEW("privacy_review"),
    PARTNER_SYSTEM("partner_system"), COMMISSIONING("commissioning"), ADMINISTRATION("administration"),
    IDENTITY_RESOLUTION("identity_resolution");

    public final String code;

    Purpose(String code) {
        this.code = code;
    }
}
