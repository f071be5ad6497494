package org.carerelay.sent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.carerelay.web.ProblemException;
import org.junit.jupiter.api.Test;

/** The "before" cursor of the Sent page: exact round trip, URL-safe, and a bad one is a 400, never a 500. */
class SentCursorTest {

    @Test
    void roundTripsMicrosecondTimesAndIds() {
        Instant at = Instant.parse("2026-11-24T10:00:00.123456Z");
        String cursor = SentEvents.encode(at, 9_876_543_210L);
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), cursor);
        SentEvents.Position position = SentEvents.decode(cursor);
        assertEquals(at, position.at());
        assertEquals(9_876_543_210L, position.id());
        assertEquals(Instant.parse("1969-12-31T23:59:59.5Z"), SentEvents.decode(SentEvents.encode(Instant.parse("1969-12-31T23:59:59.5Z"), 1)).at());
    }

    @Test
    void refusesWhatItDidNotGiveOut() {
        for (String bad : new String[] {"not-a-cursor", "%%%", "MTo", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5Ojk5"}) {
            ProblemException e = assertThrows(ProblemException.class, () -> SentEvents.decode(bad), bad);
            assertEquals(400, e.status);
        }
    }
}
