package org.carerelay.privacy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A privacy officer's finding on an emergency access, as stored in {@code break_glass_grant.review_outcome}. */
public enum ReviewOutcome {
    APPROPRIATE("appropriate"), NOT_APPROPRIATE("not_appropriate");

    public final String code;

    ReviewOutcome(String code) {
        this.code = code;
    }

    public static Optional<ReviewOutcome> of(String code) {
        return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst();
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(o -> o.code).toList();
    }
}
