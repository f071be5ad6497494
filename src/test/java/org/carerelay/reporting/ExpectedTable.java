package org.carerelay.reporting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A report table as the test expects to see it, computed from the seeded rows by the rules of
 * docs/reports.md ("Small numbers", "Durations"), written separately from the application's code:
 * counts, shares, rates per 100 and nearest-rank durations, primary and complementary suppression.
 * Cell texts are final: header row, body rows (row label first), then the total row if any.
 */
final class ExpectedTable {

    static final String HIDDEN = "<5";
    static final String NOT_SHOWN = "n/s";
    static final String NONE = "–";
    /** Upper bounds (minutes) of the duration buckets; beyond the last: "> 30 days". */
    static final int[] BOUNDS = { 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 960, 1440, 2160, 2880, 4320,
        5760, 7200, 10080, 14400, 20160, 30240, 43200 };

    enum Kind { COUNT, SHARE, RATE, DURATION, TEXT }

    record Column(String header, Kind kind, int numerator, int denominator, int percent) {
    }

    final String id;
    final List<String> header = new ArrayList<>();
    final List<List<String>> rows = new ArrayList<>();
    List<String> total;
    /** Notes on choices the doc leaves open (ties in complementary suppression), for the report. */
    final List<String> notes = new ArrayList<>();

    private final List<Column> columns = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<Object[]> values = new ArrayList<>();
    private final List<int[]> rowSums = new ArrayList<>();
    private String totalLabel;

    ExpectedTable(String id, String rowHeader) {
        this.id = id;
        header.add(rowHeader);
    }

    ExpectedTable count(String h) {
        return add(new Column(h, Kind.COUNT, -1, -1, 0));
    }

    ExpectedTable share(String h, int numerator, int denominator) {
        return add(new Column(h, Kind.SHARE, numerator, denominator, 0));
    }

    ExpectedTable per100(String h, int numerator, int denominator) {
        return add(new Column(h, Kind.RATE, numerator, denominator, 0));
    }

    /** A nearest-rank percentile (50 or 90) of the row's durations in minutes. */
    ExpectedTable duration(String h, int percent) {
        return add(new Column(h, Kind.DURATION, -1, -1, percent));
    }

    ExpectedTable text(String h) {
        return add(new Column(h, Kind.TEXT, -1, -1, 0));
    }

    private ExpectedTable add(Column c) {
        columns.add(c);
        header.add(c.header());
        return this;
    }

    /** In every row, count column {@code sum} equals the sum of the {@code parts}. */
    ExpectedTable rowSum(int sum, int... parts) {
        int[] members = new int[parts.length + 1];
        members[0] = sum;
        System.arraycopy(parts, 0, members, 1, parts.length);
        rowSums.add(members);
        return this;
    }

    ExpectedTable total(String label) {
        totalLabel = label;
        return this;
    }

    /** Values per column: Long (count), List<Double> (durations, minutes), String (text), null (derived). */
    ExpectedTable row(String label, Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(id + ": " + cells.length + " cells for " + columns.size() + " columns");
        }
        labels.add(label);
        values.add(cells);
        return this;
    }

    int rowCount() {
        return labels.size();
    }

    /** Computes every cell's text. */
    @SuppressWarnings("unchecked")
    ExpectedTable build() {
        List<Object[]> all = new ArrayList<>(values);
        List<String> allLabels = new ArrayList<>(labels);
        if (totalLabel != null) {
            Object[] sum = new Object[columns.size()];
            for (int col = 0; col < columns.size(); col++) {
                int c = col;
                switch (columns.get(c).kind()) {
                    case COUNT -> sum[c] = values.stream().mapToLong(v -> (Long) v[c]).sum();
                    case DURATION -> {
                        List<Double> merged = new ArrayList<>();
                        values.forEach(v -> merged.addAll((List<Double>) v[c]));
                        sum[c] = merged;
                    }
                    case TEXT -> sum[c] = "";
                    default -> sum[c] = null;
                }
            }
            all.add(sum);
            allLabels.add(totalLabel);
        }
        int n = all.size();
        long[][] counts = new long[n][columns.size()];
        boolean[] isCount = new boolean[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            isCount[c] = columns.get(c).kind() == Kind.COUNT;
            for (int r = 0; r < n; r++) {
                counts[r][c] = isCount[c] ? (Long) all.get(r)[c] : 0;
            }
        }
        List<int[][]> sums = new ArrayList<>();
        if (totalLabel != null) {
            for (int c = 0; c < columns.size(); c++) {
                if (isCount[c]) {
                    int[][] m = new int[n][];
                    m[0] = new int[] { n - 1, c };
                    for (int r = 0; r < n - 1; r++) {
                        m[r + 1] = new int[] { r, c };
                    }
                    sums.add(m);
                }
            }
        }
        for (int[] rs : rowSums) {
            for (int r = 0; r < n; r++) {
                int[][] m = new int[rs.length][];
                for (int i = 0; i < rs.length; i++) {
                    m[i] = new int[] { r, rs[i] };
                }
                sums.add(m);
            }
        }
        char[][] state = suppress(counts, isCount, sums);
        List<int[][]> reversed = new ArrayList<>(sums);
        Collections.reverse(reversed);
        if (!java.util.Arrays.deepEquals(state, suppress(counts, isCount, reversed))) {
            notes.add(id + ": complementary suppression depends on the order of the sums");
        }
        for (int r = 0; r < n; r++) {
            List<String> line = new ArrayList<>();
            line.add(allLabels.get(r));
            for (int c = 0; c < columns.size(); c++) {
                line.add(text(all.get(r), counts, state, r, c));
            }
            if (totalLabel != null && r == n - 1) {
                total = line;
            } else {
                rows.add(line);
            }
        }
        return this;
    }

    /** Header, rows and the total row, as the CSV holds them. */
    List<List<String>> lines() {
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        if (total != null) {
            lines.add(total);
        }
        return lines;
    }

    /** The cells of one column, in row order (total excluded): what the chart draws. */
    List<String> column(String h) {
        int i = header.indexOf(h);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + h + " in " + id + ": " + header);
        }
        return rows.stream().map(r -> r.get(i)).toList();
    }

    List<String> row(String label) {
        return rows.stream().filter(r -> r.get(0).equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row " + label + " in " + id));
    }

    String cell(String rowLabel, String columnHeader) {
        List<String> r = rowLabel.equals(total == null ? null : total.get(0)) ? total : row(rowLabel);
        return r.get(header.indexOf(columnHeader));
    }

    // ------------------------------------------------------------------------------------ rules

    /** 'S' shown, 'P' hidden (1–4), 'C' hidden so that a hidden cell cannot be subtracted out. */
    private char[][] suppress(long[][] counts, boolean[] isCount, List<int[][]> sums) {
        char[][] state = new char[counts.length][isCount.length];
        for (int r = 0; r < counts.length; r++) {
            for (int c = 0; c < isCount.length; c++) {
                state[r][c] = isCount[c] && small(counts[r][c]) ? 'P' : 'S';
            }
        }
        boolean again = true;
        while (again) {
            again = false;
            for (int[][] sum : sums) {
                int hidden = 0;
                int[] smallest = null;
                boolean tie = false;
                for (int[] m : sum) {
                    long v = counts[m[0]][m[1]];
                    if (state[m[0]][m[1]] != 'S') {
                        hidden++;
                    } else if (v > 0) {
                        if (smallest == null || v < counts[smallest[0]][smallest[1]]) {
                            smallest = m;
                            tie = false;
                        } else if (v == counts[smallest[0]][smallest[1]]) {
                            tie = true;
                        }
                    }
                }
                if (hidden == 1 && smallest != null) {
                    if (tie) {
                        notes.add(id + ": two smallest cells of " + counts[smallest[0]][smallest[1]] + " tie; hid the first");
                    }
                    state[smallest[0]][smallest[1]] = 'C';
                    again = true;
                }
            }
        }
        return state;
    }

    @SuppressWarnings("unchecked")
    private String text(Object[] row, long[][] counts, char[][] state, int r, int c) {
        Column col = columns.get(c);
        switch (col.kind()) {
            case COUNT:
                return state[r][c] == 'P' ? HIDDEN : state[r][c] == 'C' ? NOT_SHOWN : Long.toString(counts[r][c]);
            case SHARE: {
                long num = counts[r][col.numerator()];
                long den = counts[r][col.denominator()];
                if (den == 0) {
                    return NONE;
                }
                if (state[r][col.numerator()] != 'S' || state[r][col.denominator()] != 'S' || small(num) || small(den - num)) {
                    return NOT_SHOWN;
                }
                // whole percent, half up: floor(100·num/den + 1/2) in exact integers
                return (200 * num + den) / (2 * den) + "%";
            }
            case RATE: {
                long num = counts[r][col.numerator()];
                long den = counts[r][col.denominator()];
                if (den == 0) {
                    return NONE;
                }
                if (state[r][col.numerator()] != 'S' || state[r][col.denominator()] != 'S' || small(num)) {
                    return NOT_SHOWN;
                }
                long tenths = (2000 * num + den) / (2 * den);
                return tenths / 10 + "." + tenths % 10;
            }
            case DURATION:
                return durationText((List<Double>) row[c], col.percent());
            default:
                return (String) row[c];
        }
    }

    /** Nearest rank: the k-th smallest time, k = ⌈p·n⌉, named by the upper bound of its bucket. */
    static String durationText(List<Double> minutes, int percent) {
        int n = minutes.size();
        if (n == 0) {
            return NONE;
        }
        if (n < 5) {
            return NOT_SHOWN;
        }
        List<Double> sorted = new ArrayList<>(minutes);
        Collections.sort(sorted);
        int k = (percent * n + 99) / 100;
        return bucketLabel(sorted.get(k - 1));
    }

    static String bucketLabel(double minutes) {
        for (int bound : BOUNDS) {
            if (minutes <= bound) {
                return "≤ " + words(bound);
            }
        }
        return "> 30 days";
    }

    /** 90 → "1 h 30 min", 2160 → "1 day 12 h", 10080 → "7 days". */
    static String words(int minutes) {
        int days = minutes / 1440;
        int hours = minutes % 1440 / 60;
        int mins = minutes % 60;
        List<String> parts = new ArrayList<>();
        if (days > 0) {
            parts.add(days + (days == 1 ? " day" : " days"));
        }
        if (hours > 0) {
            parts.add(hours + " h");
        }
        if (mins > 0) {
            parts.add(mins + " min");
        }
        return String.join(" ", parts);
    }

    static boolean small(long n) {
        return n >= 1 && n <= 4;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("table-" + id + "\n");
        lines().forEach(l -> out.append("  ").append(String.join(" | ", l)).append('\n'));
        notes.forEach(n -> out.append("  NOTE ").append(n).append('\n'));
        return out.toString();
    }
}
