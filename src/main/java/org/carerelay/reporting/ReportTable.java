package org.carerelay.reporting;

import java.util.ArrayList;
import java.util.List;

/**
 * One table of a report, as shown and as exported: counts with small numbers hidden, shares and
 * durations derived from them, an optional total row. Every cell's text is final here, so the page,
 * the chart and the CSV show exactly the same thing (rules: docs/reports.md, "Small numbers").
 */
public final class ReportTable {

    public enum Kind { COUNT, SHARE, RATE, DURATION, TEXT }

    public record Column(String header, Kind kind, int numerator, int denominator, double percentile) {
    }

    /** A cell's text, and the number a chart draws (null when hidden or not a number). */
    public record Cell(String text, Double value) {
        public boolean hidden() {
            return SmallCells.HIDDEN.equals(text) || SmallCells.NOT_SHOWN.equals(text);
        }
    }

    public record Row(String label, List<Cell> cells) {
    }

    public final String id;
    public final String caption;
    public final String rowHeader;
    public final List<Column> columns;
    public final List<Row> rows;
    public final Row total;

    private ReportTable(String id, String caption, String rowHeader, List<Column> columns, List<Row> rows, Row total) {
        this.id = id;
        this.caption = caption;
        this.rowHeader = rowHeader;
        this.columns = columns;
        this.rows = rows;
        this.total = total;
    }

    public static Builder builder(String id, String caption, String rowHeader) {
        return new Builder(id, caption, rowHeader);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The index of the column with this header. */
    public int column(String header) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).header().equals(header)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + header + " in " + id);
    }

    /** Header row then every row (the total last), as the CSV holds them. */
    public List<List<String>> lines() {
        List<List<String>> lines = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add(rowHeader);
        columns.forEach(c -> header.add(c.header()));
        lines.add(header);
        for (Row row : total == null ? rows : concat(rows, total)) {
            List<String> line = new ArrayList<>();
            line.add(row.label());
            row.cells().forEach(c -> line.add(c.text()));
            lines.add(line);
        }
        return lines;
    }

    private static List<Row> concat(List<Row> rows, Row last) {
        List<Row> all = new ArrayList<>(rows);
        all.add(last);
        return all;
    }

    public static final class Builder {
        private final String id;
        private final String caption;
        private final String rowHeader;
        private final List<Column> columns = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private final List<Object[]> values = new ArrayList<>();
        private final List<int[]> rowSums = new ArrayList<>();
        private String totalLabel;

        private Builder(String id, String caption, String rowHeader) {
            this.id = id;
            this.caption = caption;
            this.rowHeader = rowHeader;
        }

        public Builder count(String header) {
            columns.add(new Column(header, Kind.COUNT, -1, -1, 0));
            return this;
        }

        /** A percentage of two count columns of the same row. */
        public Builder share(String header, int numeratorColumn, int denominatorColumn) {
            columns.add(new Column(header, Kind.SHARE, numeratorColumn, denominatorColumn, 0));
            return this;
        }

        /** A rate per 100 of two count columns of the same row (e.g. queries per 100 events). */
        public Builder per100(String header, int numeratorColumn, int denominatorColumn) {
            columns.add(new Column(header, Kind.RATE, numeratorColumn, denominatorColumn, 0));
            return this;
        }

        /** A percentile of the row's {@link DurationHistogram} (0.5 median, 0.9 the 90th). */
        public Builder duration(String header, double percentile) {
            columns.add(new Column(header, Kind.DURATION, -1, -1, percentile));
            return this;
        }

        public Builder text(String header) {
            columns.add(new Column(header, Kind.TEXT, -1, -1, 0));
            return this;
        }

        /** Declares that a count column is the sum of others in every row (so hiding must cover it). */
        public Builder rowSum(int totalColumn, int... partColumns) {
            int[] members = new int[partColumns.length + 1];
            members[0] = totalColumn;
            System.arraycopy(partColumns, 0, members, 1, partColumns.length);
            rowSums.add(members);
            return this;
        }

        /** Adds a total row (counts summed, histograms merged, shares recomputed). */
        public Builder total(String label) {
            this.totalLabel = label;
            return this;
        }

        /**
         * One row: per column a Long (count), a DurationHistogram (duration), a String (text) or
         * null (share, computed).
         */
        public Builder row(String label, Object... cells) {
            if (cells.length != columns.size()) {
                throw new IllegalArgumentException(id + ": " + cells.length + " cells for " + columns.size() + " columns");
            }
            labels.add(label);
            values.add(cells);
            return this;
        }

        public ReportTable build() {
            List<Object[]> all = new ArrayList<>(values);
            if (totalLabel != null) {
                all.add(totals());
            }
            int rowCount = all.size();
            long[][] counts = new long[rowCount][columns.size()];
            for (int r = 0; r < rowCount; r++) {
                for (int c = 0; c < columns.size(); c++) {
                    if (columns.get(c).kind() == Kind.COUNT) {
                        counts[r][c] = all.get(r)[c] == null ? 0 : ((Number) all.get(r)[c]).longValue();
                    }
                }
            }
            SmallCells cells = new SmallCells(counts, countColumns());
            if (totalLabel != null) {
                cells.columnsSumToLastRow();
            }
            rowSums.forEach(cells::rowsSum);
            cells.suppress();
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < rowCount; r++) {
                List<Cell> row = new ArrayList<>();
                for (int c = 0; c < columns.size(); c++) {
                    row.add(cell(cells, all.get(r), r, c));
                }
                rows.add(new Row(r < labels.size() ? labels.get(r) : totalLabel, List.copyOf(row)));
            }
            Row total = totalLabel == null ? null : rows.remove(rows.size() - 1);
            return new ReportTable(id, caption, rowHeader, List.copyOf(columns), List.copyOf(rows), total);
        }

        private boolean[] countColumns() {
            boolean[] isCount = new boolean[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                isCount[c] = columns.get(c).kind() == Kind.COUNT;
            }
            return isCount;
        }

        private Object[] totals() {
            Object[] sum = new Object[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                Kind kind = columns.get(c).kind();
                if (kind == Kind.COUNT) {
                    long s = 0;
                    for (Object[] v : values) {
                        s += v[c] == null ? 0 : ((Number) v[c]).longValue();
                    }
                    sum[c] = s;
                } else if (kind == Kind.DURATION) {
                    DurationHistogram merged = new DurationHistogram();
                    for (Object[] v : values) {
                        if (v[c] != null) {
                            merged.add((DurationHistogram) v[c]);
                        }
                    }
                    sum[c] = merged;
                } else if (kind == Kind.TEXT) {
                    sum[c] = "";
                }
            }
            return sum;
        }

        private Cell cell(SmallCells cells, Object[] values, int r, int c) {
            Column column = columns.get(c);
            return switch (column.kind()) {
                case COUNT -> cells.cell(r, c);
                case SHARE -> cells.share(r, column.numerator(), column.denominator());
                case RATE -> cells.per100(r, column.numerator(), column.denominator());
                case DURATION -> duration((DurationHistogram) values[c], column.percentile());
                case TEXT -> new Cell(values[c] == null ? "" : values[c].toString(), null);
            };
        }

        private static Cell duration(DurationHistogram histogram, double percentile) {
            long cases = histogram == null ? 0 : histogram.cases();
            if (cases == 0) {
                return new Cell(SmallCells.NONE, null);
            }
            if (cases < SmallCells.THRESHOLD) {
                return new Cell(SmallCells.NOT_SHOWN, null);
            }
            int bucket = histogram.percentileBucket(percentile);
            return new Cell(DurationHistogram.label(bucket), (double) bucket);
        }
    }
}
