package org.carerelay.reporting;

import java.util.ArrayList;
import java.util.List;

/**
 * Small-number protection for one table of counts: counts from 1 to 4 are hidden ("<5"), and
 * wherever cells add up to a shown total, a sum with exactly one hidden part gets its smallest
 * other non-zero part hidden too ("n/s"), until no hidden cell can be worked out by subtraction.
 * Shares are hidden when either side, or the rest, is small. Rules: docs/reports.md.
 */
final class SmallCells {

    static final int THRESHOLD = 5;
    static final String HIDDEN = "<5";
    static final String NOT_SHOWN = "n/s";
    static final String NONE = "–";

    private static final int SHOWN = 0;
    private static final int PRIMARY = 1;
    private static final int COMPLEMENT = 2;

    private final long[][] counts;
    private final boolean[] isCount;
    private final int[][] state;
    private final List<int[][]> sums = new ArrayList<>();

    SmallCells(long[][] counts, boolean[] isCount) {
        this.counts = counts;
        this.isCount = isCount;
        this.state = new int[counts.length][isCount.length];
    }

    /** The last row is the total of the rows above it, in every count column. */
    void columnsSumToLastRow() {
        int last = counts.length - 1;
        for (int c = 0; c < isCount.length; c++) {
            if (!isCount[c]) {
                continue;
            }
            int[][] members = new int[counts.length][];
            members[0] = new int[] { last, c };
            for (int r = 0; r < last; r++) {
                members[r + 1] = new int[] { r, c };
            }
            sums.add(members);
        }
    }

    /** In every row, column members[0] is the sum of the other columns. */
    void rowsSum(int[] columns) {
        for (int r = 0; r < counts.length; r++) {
            int[][] members = new int[columns.length][];
            for (int i = 0; i < columns.length; i++) {
                members[i] = new int[] { r, columns[i] };
            }
            sums.add(members);
        }
    }

    void suppress() {
        for (int r = 0; r < counts.length; r++) {
            for (int c = 0; c < isCount.length; c++) {
                if (isCount[c] && small(counts[r][c])) {
                    state[r][c] = PRIMARY;
                }
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int[][] sum : sums) {
                int hidden = 0;
                int[] smallest = null;
                for (int[] m : sum) {
                    if (state[m[0]][m[1]] != SHOWN) {
                        hidden++;
                    } else if (counts[m[0]][m[1]] > 0 && (smallest == null || counts[m[0]][m[1]] < counts[smallest[0]][smallest[1]])) {
                        smallest = m;
                    }
                }
                if (hidden == 1 && smallest != null) {
                    state[smallest[0]][smallest[1]] = COMPLEMENT;
                    changed = true;
                }
            }
        }
    }

    ReportTable.Cell cell(int r, int c) {
        return switch (state[r][c]) {
            case PRIMARY -> new ReportTable.Cell(HIDDEN, null);
            case COMPLEMENT -> new ReportTable.Cell(NOT_SHOWN, null);
            default -> new ReportTable.Cell(Long.toString(counts[r][c]), (double) counts[r][c]);
        };
    }

    ReportTable.Cell share(int r, int numerator, int denominator) {
        long num = counts[r][numerator];
        long den = counts[r][denominator];
        if (den == 0) {
            return new ReportTable.Cell(NONE, null);
        }
        if (state[r][numerator] != SHOWN || state[r][denominator] != SHOWN || small(num) || small(den - num)) {
            return new ReportTable.Cell(NOT_SHOWN, null);
        }
        double percent = 100.0 * num / den;
        return new ReportTable.Cell(percent(num, den) + "%", percent);
    }

    /** A rate per 100 with one decimal; hidden when either side is hidden or the numerator is small. */
    ReportTable.Cell per100(int r, int numerator, int denominator) {
        long num = counts[r][numerator];
        long den = counts[r][denominator];
        if (den == 0) {
            return new ReportTable.Cell(NONE, null);
        }
        if (state[r][numerator] != SHOWN || state[r][denominator] != SHOWN || small(num)) {
            return new ReportTable.Cell(NOT_SHOWN, null);
        }
        long tenths = (2000 * num + den) / (2 * den);
        return new ReportTable.Cell(tenths / 10 + "." + tenths % 10, tenths / 10.0);
    }

    /** Whole percent, half up, in exact integer arithmetic. */
    static long percent(long num, long den) {
        return (200 * num + den) / (2 * den);
    }

    static boolean small(long n) {
        return n >= 1 && n < THRESHOLD;
    }
}
