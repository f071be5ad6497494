package org.carerelay.harness;

import java.util.UUID;

/** Unique names for test data (names must be letters only: the client-name rules forbid digits in some places). */
public final class TestNames {

    private TestNames() {
    }

    /** n random lower-case letters (n ≤ 32), always exactly n. */
    public static String letters(int n) {
        String hex = UUID.randomUUID().toString().replace("-", "");
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('a' + Character.digit(hex.charAt(i), 16)));
        }
        return out.toString();
    }
}
