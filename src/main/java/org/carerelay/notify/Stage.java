package org.carerelay.notify;

import java.util.Arrays;
import java.util.Optional;

/** Who an item that waits unacknowledged reaches, in order: the on-call contacts first, then the team lead contacts. */
public enum Stage {
    ON_CALL(1, "on-call", "On-call contacts", "on-call contact"),
    TEAM_LEAD(2, "lead", "Team lead contacts", "team lead contact");

    /** As stored ({@code urgent_contact.stage}, {@code urgent_notice.stage}). */
    public final int number;
    /** As a form and a page name it ({@code list=on-call}). */
    public final String code;
    public final String label;
    /** "an on-call contact of …" in the message. */
    public final String role;

    Stage(int number, String code, String label, String role) {
        this.number = number;
        this.code = code;
        this.label = label;
        this.role = role;
    }

    public static Optional<Stage> ofNumber(int number) {
        return Arrays.stream(values()).filter(s -> s.number == number).findFirst();
    }

    public static Optional<Stage> ofCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }
}
