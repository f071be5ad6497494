package org.carerelay.sharing;

/** Whether a sharing agreement routes events now: only an active one does. */
public enum AgreementStatus {
    ACTIVE("active"), SUSPENDED("suspended");

    public final String code;

    AgreementStatus(String code) {
        this.code = code;
    }

    public static AgreementStatus of(boolean active) {
        return active ? ACTIVE : SUSPENDED;
    }
}
