package org.carerelay.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.carerelay.web.ProblemException.FieldError;
import org.junit.jupiter.api.Test;

/** Parsing the access log's filters: bad values are named by field, good ones survive into links. */
class AccessLogFilterTest {

    @Test
    void validFiltersParse() {
        AccessLogFilter f = AccessLogFilter.parse(" responder ", "42", "break_glass", "2026-11-01", "2026-11-30", "denied", "900");
        assertTrue(f.valid(), f.errors().toString());
        assertEquals("responder", f.user());
        assertEquals(42L, f.clientId());
        assertEquals(LocalDate.of(2026, 11, 1), f.fromDate());
        assertEquals(900L, f.beforeId());
        assertTrue(f.toInstant().isAfter(f.fromInstant()));
        assertEquals("user=responder&client=42&action=break_glass&from=2026-11-01&to=2026-11-30&outcome=denied", f.query());
        assertEquals("user=responder&client=42&action=break_glass&from=2026-11-01&to=2026-11-30&outcome=denied&before=850", f.query(850L));
    }

    @Test
    void emptyFiltersAreValidAndShowEverything() {
        AccessLogFilter f = AccessLogFilter.parse(null, "", null, "", null, "", null);
        assertTrue(f.valid());
        assertFalse(f.any());
        assertNull(f.clientId());
        assertEquals("", f.query());
    }

    @Test
    void everyBadValueIsNamedByItsField() {
        AccessLogFilter f = AccessLogFilter.parse("x".repeat(101), "12a", "peek", "2026-02-30", "yesterday", "maybe", "-3");
        assertFalse(f.valid());
        List<String> fields = f.errors().stream().map(FieldError::field).toList();
        assertEquals(List.of("user", "client", "action", "from", "to", "outcome", "before"), fields);
        assertTrue(f.errors().get(3).message().startsWith("From date: “2026-02-30” is not a date"), f.errors().get(3).message());
        assertTrue(f.errors().get(1).message().startsWith("Client id:"));
    }

    @Test
    void toBeforeFromIsRefused() {
        AccessLogFilter f = AccessLogFilter.parse("", "", "", "2026-11-30", "2026-11-01", "", "");
        assertEquals(List.of("to"), f.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void aLongBadValueIsQuotedShort() {
        AccessLogFilter f = AccessLogFilter.parse("", "", "a".repeat(5000), "", "", "", "");
        assertTrue(f.errors().get(0).message().length() < 200);
    }

    @Test
    void queryValuesAreUrlEncoded() {
        assertEquals("user=a%26b%3Dc+d", AccessLogFilter.parse("a&b=c d", "", "", "", "", "", "").query());
    }
}
