package org.carerelay.reporting;

import java.util.ArrayList;
import java.util.List;

/**
 * A horizontal bar chart of one column of a {@link ReportTable}, drawn as server-side SVG: one bar
 * per row, the value written at the end of the bar, hidden values as an empty bar with their
 * "<5" or "n/s". The table itself is the chart's text alternative.
 */
public record BarChart(String tableId, String title, String description, int width, int height, int labelWidth,
        List<Bar> bars, List<Tick> ticks) {

    public record Bar(String label, int y, int width, int labelY, String valueText, int valueX, boolean hidden) {
    }

    public record Tick(int x, String text) {
    }

    static final int WIDTH = 720;
    static final int LABEL_WIDTH = 250;
    static final int BAR_HEIGHT = 20;
    static final int GAP = 8;
    static final int TOP = 24;
    private static final int PLOT = WIDTH - LABEL_WIDTH - 70;

    /** Bars of the column with this header; percentages are drawn on a 0–100 scale. */
    public static BarChart of(ReportTable table, String header, String title) {
        int column = table.column(header);
        boolean percent = table.columns.get(column).kind() == ReportTable.Kind.SHARE;
        double max = percent ? 100 : 0;
        for (ReportTable.Row row : table.rows) {
            Double v = row.cells().get(column).value();
            if (v != null) {
                max = Math.max(max, v);
            }
        }
        double scale = max <= 0 ? 0 : PLOT / max;
        List<Bar> bars = new ArrayList<>();
        int y = TOP;
        for (ReportTable.Row row : table.rows) {
            ReportTable.Cell cell = row.cells().get(column);
            int w = cell.value() == null ? 0 : (int) Math.round(cell.value() * scale);
            bars.add(new Bar(shorten(row.label()), y, w, y + BAR_HEIGHT - 5, cell.text(), LABEL_WIDTH + w + 6, cell.value() == null));
            y += BAR_HEIGHT + GAP;
        }
        List<Tick> ticks = new ArrayList<>();
        if (max > 0) {
            for (int i = 0; i <= 4; i++) {
                double v = max * i / 4;
                ticks.add(new Tick(LABEL_WIDTH + (int) Math.round(v * scale), percent ? Math.round(v) + "%" : tick(v)));
            }
        }
        String description = "Bar chart of " + header.toLowerCase() + " for " + table.rows.size()
                + " rows; the table below gives every value.";
        return new BarChart(table.id, title, description, WIDTH, y + 10, LABEL_WIDTH, List.copyOf(bars), List.copyOf(ticks));
    }

    private static String tick(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.1f", v);
    }

    private static String shorten(String label) {
        return label.length() <= 34 ? label : label.substring(0, 33) + "…";
    }

    /** Where the row labels end (they are right-aligned against the bars). */
    public int labelRight() {
        return labelWidth - 8;
    }

    public int axisY() {
        return height - 6;
    }
}
