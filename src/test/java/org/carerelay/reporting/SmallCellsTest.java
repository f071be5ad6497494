package org.carerelay.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Small-number protection as a commissioner sees it: no hidden count can be worked back from the rest. */
class SmallCellsTest {

    private static List<String> texts(ReportTable.Row row) {
        return row.cells().stream().map(ReportTable.Cell::text).toList();
    }

    @Test
    void smallCountsAreHiddenAndTheirComplementToo() {
        ReportTable t = ReportTable.builder("t", "T", "Agency").count("Delivered").count("Completed").share("Completed (%)", 1, 0)
                .total("Total")
                .row("A", 20L, 10L, null)
                .row("B", 3L, 3L, null)
                .row("C", 12L, 6L, null)
                .build();
        // B's 3 is hidden; in each column the smallest other non-zero row is hidden too, so the total cannot reveal it
        assertEquals(List.of("20", "10", "50%"), texts(t.rows.get(0)));
        assertEquals(List.of("<5", "<5", "n/s"), texts(t.rows.get(1)));
        assertEquals(List.of("n/s", "n/s", "n/s"), texts(t.rows.get(2)));
        assertEquals(List.of("35", "19", "54%"), texts(t.total));
    }

    @Test
    void aRowSumGetsComplementarySuppression() {
        ReportTable t = ReportTable.builder("t", "T", "Agreement").count("Completed").count("Actioned").count("No action")
                .rowSum(0, 1, 2)
                .row("X", 30L, 28L, 2L)
                .build();
        // 2 is hidden; 30 − 28 would reveal it, so the smaller of the other two (28) is hidden as well
        assertEquals(List.of("30", "n/s", "<5"), texts(t.rows.get(0)));
    }

    @Test
    void sharesAreHiddenWhenTheRestIsSmallAndZeroIsShown() {
        ReportTable t = ReportTable.builder("t", "T", "Measure").count("Cases").count("Done").share("Share", 1, 0)
                .row("a", 12L, 7L, null)
                .row("b", 10L, 8L, null)
                .row("c", 0L, 0L, null)
                .row("d", 40L, 0L, null)
                .build();
        assertEquals(List.of("12", "7", "58%"), texts(t.rows.get(0)));
        assertEquals(List.of("10", "8", "n/s"), texts(t.rows.get(1)), "10 − 8 = 2 people would be revealed");
        assertEquals(List.of("0", "0", "–"), texts(t.rows.get(2)));
        assertEquals(List.of("40", "0", "0%"), texts(t.rows.get(3)));
    }

    @Test
    void percentagesRoundHalfUp() {
        assertEquals(67, SmallCells.percent(2, 3));
        assertEquals(50, SmallCells.percent(1, 2));
        assertEquals(13, SmallCells.percent(1, 8)); // 12.5 → 13
    }

    @Test
    void percentilesAreNearestRankReportedAsTheBucketBound() {
        DurationHistogram h = new DurationHistogram();
        Integer[] rows = new Integer[DurationHistogram.BUCKETS];
        java.util.Arrays.fill(rows, 0);
        rows[0] = 4; // ≤ 5 min
        rows[6] = 5; // ≤ 1 h
        rows[15] = 1; // ≤ 1 day
        h.add(rows);
        assertEquals(10, h.cases());
        assertEquals("≤ 1 h", DurationHistogram.label(h.percentileBucket(0.5)), "5th of 10 is in the ≤ 1 h bucket");
        assertEquals("≤ 1 h", DurationHistogram.label(h.percentileBucket(0.9)), "9th of 10");
        assertEquals("≤ 1 day 12 h", DurationHistogram.label(16));
        assertEquals("≤ 1 h 30 min", DurationHistogram.label(7));
        assertEquals("> 30 days", DurationHistogram.label(26));
        ReportTable t = ReportTable.builder("t", "T", "A").duration("Median", 0.5).row("few", (Object) fewCases()).build();
        assertEquals("n/s", t.rows.get(0).cells().get(0).text(), "fewer than 5 cases: no median");
    }

    private static DurationHistogram fewCases() {
        DurationHistogram h = new DurationHistogram();
        Integer[] rows = new Integer[DurationHistogram.BUCKETS];
        java.util.Arrays.fill(rows, 0);
        rows[3] = 4;
        h.add(rows);
        return h;
    }
}
