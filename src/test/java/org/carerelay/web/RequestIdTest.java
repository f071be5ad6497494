package org.carerelay.web;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The request id: a caller's well-formed X-Request-Id is kept as its start, never as the whole id. */
class RequestIdTest {

    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void aWellFormedIdIsKeptAndMadeUnique() {
        String first = RequestInfo.requestIdFor("trace.0001_A-b");
        String second = RequestInfo.requestIdFor("trace.0001_A-b");
        assertTrue(first.matches("trace\\.0001_A-b~[0-9a-f]{16}"), first);
        assertNotEquals(first, second);
        assertTrue(RequestInfo.requestIdFor("x".repeat(40)).length() <= 64, "fits the audit trail's column");
    }

    @Test
    void anythingElseGetsAnIdOfItsOwn() {
        for (String offered : new String[] {null, "", "short", "x".repeat(41), "with space", "a~b-c-d-e-f", "<script>", "ünïcode-id"}) {
            assertTrue(RequestInfo.requestIdFor(offered).matches(UUID), String.valueOf(offered));
        }
    }
}
