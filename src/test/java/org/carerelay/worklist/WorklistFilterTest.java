package org.carerelay.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.carerelay.harness.RandomTrials;
import org.carerelay.web.ProblemException.FieldError;
import org.junit.jupiter.api.Test;

/** The worklist's filters as a user's links carry them: bad values named and replaced, good ones kept across links. */
class WorklistFilterTest {

    static final String[] ODD = {"", " ", "OPEN", "open ", "in progress", "'; DROP TABLE delivery; --", "<b>x</b>", "\u202Eopen",
        "x".repeat(101), "%00", "../", "2026-13-01T00:00:00Z", "!!!", "ZZ", "DISCHARGE_HANDOVER", "me", "today"};

    @Test
    void noParametersMeanEverythingOpen() {
        List<FieldError> errors = new ArrayList<>();
        WorklistFilter f = WorklistFilter.parse(null, null, null, null, null, null, null, null, errors);
        assertEquals(WorklistFilter.defaults(), f);
        assertTrue(errors.isEmpty());
        assertEquals("", f.queryString(null));
    }

    @Test
    void everyUnusableValueIsNamedAndReplacedByItsDefault() {
        List<FieldError> errors = new ArrayList<>();
        WorklistFilter f = WorklistFilter.parse("closed", "soon", "lower_case", "them", "tomorrow", "x".repeat(101), "last week",
                "not-a-cursor", errors);
        assertEquals(WorklistFilter.defaults(), f);
        Map<String, String> named = new HashMap<>();
        errors.forEach(e -> named.put(e.field(), e.message()));
        assertEquals(Map.of("state", "Choose open, new, acknowledged, in progress or completed.",
                "urgency", "Unknown urgency.", "type", "Unknown event type.", "owner", "Choose anyone, me or unassigned.",
                "due", "Choose any, overdue or due today.", "q", "Search for at most 100 characters.",
                "arrived", "That link to new arrivals is not valid; showing everything open.",
                "after", "That page link is no longer valid; start from the first page."), named);
    }

    @Test
    void aFilterSurvivesTheLinksThatCarryIt() {
        RandomTrials.run(2000, random -> {
            WorklistFilter original = new WorklistFilter(pick(random, "open", "new", "acknowledged", "in_progress", "completed"),
                    pick(random, "", "urgent_review", "routine_follow_up", "information_only"),
                    pick(random, "", "DISCHARGE_HANDOVER", "MISSED_WELFARE_CONTACT"), pick(random, "anyone", "me", "unassigned"),
                    pick(random, "any", "overdue", "today"), pick(random, "", "Pemberton", "O'Neil & Söhne", "a b+c=d"),
                    random.nextBoolean() ? null : Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000)), null);
            String cursor = random.nextBoolean() ? null
                    : new WorklistFilter.Cursor(random.nextInt(3), Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt()), random.nextInt(1 << 30))
                            .encode();
            Map<String, String> params = params(original.queryString(cursor));
            List<FieldError> errors = new ArrayList<>();
            WorklistFilter read = WorklistFilter.parse(params.get("state"), params.get("urgency"), params.get("type"), params.get("owner"),
                    params.get("due"), params.get("q"), params.get("arrived"), params.get("after"), errors);
            assertTrue(errors.isEmpty(), errors.toString());
            assertEquals(new WorklistFilter(original.state(), original.urgency(), original.type(), original.owner(), original.due(),
                    original.query(), original.arrivedSince(), cursor), read);
            if (cursor != null) {
                assertEquals(WorklistFilter.Cursor.decode(cursor), WorklistFilter.Cursor.decode(read.after()));
            }
        });
    }

    @Test
    void anyValueGivesAUsableFilterAndNeverAnException() {
        RandomTrials.run(2000, random -> {
            List<FieldError> errors = new ArrayList<>();
            WorklistFilter f = WorklistFilter.parse(odd(random), odd(random), odd(random), odd(random), odd(random), odd(random),
                    odd(random), odd(random), errors);
            assertTrue(WorklistFilter.STATES.contains(f.state()));
            assertTrue(WorklistFilter.OWNERS.contains(f.owner()));
            assertTrue(WorklistFilter.DUE.contains(f.due()));
            assertTrue(f.query().length() <= 100);
            assertTrue(f.after() == null || WorklistFilter.Cursor.decode(f.after()) != null);
            errors.forEach(e -> assertTrue(!e.message().isBlank()));
        });
    }

    @Test
    void aCursorThatIsNotOneOfOursIsRefused() {
        assertNull(WorklistFilter.Cursor.decode("bm90LWEtY3Vyc29y"));
        assertNull(WorklistFilter.Cursor.decode("%%%"));
        WorklistFilter.Cursor c = new WorklistFilter.Cursor(1, Instant.parse("2026-11-25T09:30:00.123Z"), 42);
        assertEquals(c, WorklistFilter.Cursor.decode(c.encode()));
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }

    private static String odd(Random random) {
        return random.nextInt(5) == 0 ? null : ODD[random.nextInt(ODD.length)];
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new HashMap<>();
        if (!query.isEmpty()) {
            for (String part : query.split("&")) {
                int eq = part.indexOf('=');
                params.put(part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
