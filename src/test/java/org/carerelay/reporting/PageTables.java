package org.carerelay.reporting;

import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a report table and its chart as the browser renders them, and parses a downloaded CSV. */
final class PageTables {

    private PageTables() {
    }

    /** A rendered table: header rows, body rows, footer rows (cell texts), and its markup facts. */
    record Table(String caption, List<List<String>> head, List<List<String>> body, List<List<String>> foot, List<String> columnScopes,
            List<String> rowHeaders) {

        List<List<String>> lines() {
            List<List<String>> lines = new ArrayList<>(head);
            lines.addAll(body);
            lines.addAll(foot);
            return lines;
        }

        /** A caption, column headers with scope=col, each row led by a th with scope=row, a "Total" footer when expected. */
        List<String> structureProblems(String label, boolean total) {
            List<String> problems = new ArrayList<>();
            if (caption == null || caption.isBlank()) {
                problems.add(label + ": no caption");
            }
            if (columnScopes.isEmpty() || columnScopes.stream().anyMatch(s -> !"col".equals(s))) {
                problems.add(label + ": header cells must be th scope=col: " + columnScopes);
            }
            if (rowHeaders.stream().anyMatch(s -> !"TH:row".equals(s))) {
                problems.add(label + ": every row must start with th scope=row: " + rowHeaders);
            }
            if (total != (foot.size() == 1 && "Total".equals(foot.get(0).get(0)))) {
                problems.add(label + ": " + (total ? "no" : "an unexpected") + " Total row in tfoot: " + foot);
            }
            return problems;
        }
    }

    private static final String READ_TABLE = """
            id => {
              const t = document.querySelector(`table[data-testid="table-${id}"]`);
              if (!t) return null;
              const cells = tr => Array.from(tr.children).map(c => c.textContent.trim());
              const rows = sel => Array.from(t.querySelectorAll(sel)).map(cells);
              return {
                caption: t.caption ? t.caption.textContent.trim() : null,
                head: rows('thead tr'), body: rows('tbody tr'), foot: rows('tfoot tr'),
                scopes: Array.from(t.querySelectorAll('thead th')).map(th => th.getAttribute('scope')),
                rowHeads: Array.from(t.querySelectorAll('tbody tr, tfoot tr'))
                  .map(tr => tr.firstElementChild.tagName + ':' + tr.firstElementChild.getAttribute('scope'))
              };
            }""";

    @SuppressWarnings("unchecked")
    static Table read(Page page, String id) {
        Map<String, Object> t = (Map<String, Object>) page.evaluate(READ_TABLE, id);
        if (t == null) {
            return null;
        }
        return new Table((String) t.get("caption"), (List<List<String>>) t.get("head"), (List<List<String>>) t.get("body"),
                (List<List<String>>) t.get("foot"), (List<String>) t.get("scopes"), (List<String>) t.get("rowHeads"));
    }

    /** Each bar of the chart in order: its label, its value text and the drawn width (-1: no bar drawn). */
    private static final String READ_CHART = """
            id => {
              const f = document.querySelector(`figure[data-testid="chart-${id}"]`);
              if (!f) return null;
              const svg = f.querySelector('svg');
              const bars = [];
              for (const el of svg.querySelectorAll('text.chart-label, rect.chart-bar, text.chart-value')) {
                if (el.matches('text.chart-label')) bars.push({label: el.textContent.trim(), width: -1, value: null});
                else if (el.matches('rect')) bars[bars.length - 1].width = parseFloat(el.getAttribute('width'));
                else bars[bars.length - 1].value = el.textContent.trim();
              }
              return {role: svg.getAttribute('role'), title: (svg.querySelector('title') || {}).textContent || '', bars};
            }""";

    /**
     * The chart draws the table's column: one bar per row, the same texts, no bar for a hidden or
     * undefined value, and bar lengths in proportion to the values (one scale, within a pixel).
     */
    @SuppressWarnings("unchecked")
    static void chartProblems(Page page, ExpectedTable table, String column, String label, List<String> problems) {
        Map<String, Object> chart = (Map<String, Object>) page.evaluate(READ_CHART, table.id);
        if (chart == null) {
            problems.add(label + ": no chart");
            return;
        }
        if (!"img".equals(chart.get("role")) || ((String) chart.get("title")).isBlank()) {
            problems.add(label + ": the chart's svg needs role=img and a title");
        }
        List<Map<String, Object>> bars = (List<Map<String, Object>>) chart.get("bars");
        List<String> expected = table.column(column);
        List<String> drawn = bars.stream().map(b -> (String) b.get("value")).toList();
        if (!expected.equals(drawn)) {
            problems.add(label + ": chart values " + drawn + " but the table has " + expected);
            return;
        }
        double scale = 0;
        double max = 0;
        for (int i = 0; i < bars.size(); i++) {
            String row = table.rows.get(i).get(0);
            String barLabel = (String) bars.get(i).get("label");
            if (!(row.equals(barLabel) || barLabel.endsWith("…") && row.startsWith(barLabel.substring(0, barLabel.length() - 1)))) {
                problems.add(label + ": bar " + i + " is labelled " + barLabel + " for row " + row);
            }
            Double v = number(expected.get(i));
            double width = ((Number) bars.get(i).get("width")).doubleValue();
            if ((v == null) != (width < 0)) {
                problems.add(label + ": bar " + i + " (" + expected.get(i) + ") " + (v == null ? "is drawn" : "is missing"));
            } else if (v != null && v > max) {
                max = v;
                scale = width / v;
            }
        }
        for (int i = 0; i < bars.size(); i++) {
            Double v = number(expected.get(i));
            double width = ((Number) bars.get(i).get("width")).doubleValue();
            // the bar is drawn from the exact value; the text is rounded to a whole percent or a tenth
            String text = expected.get(i);
            double rounding = text.endsWith("%") ? 0.5 : text.contains(".") ? 0.05 : 0;
            if (v != null && Math.abs(width - v * scale) > 1.01 + 2 * rounding * scale) {
                problems.add(label + ": bar " + i + " (" + expected.get(i) + ") is " + width + " px, out of scale " + scale + " px/unit");
            }
        }
    }

    /** A shown value as a number ("67%" → 67, "9.5", "12"); null for a hidden or undefined one. */
    static Double number(String text) {
        String t = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
        return t.matches("[0-9]+(\\.[0-9]+)?") ? Double.valueOf(t) : null;
    }

    /** RFC 4180: quoted cells with doubled quotes, CRLF (or LF) line ends. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> line = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                any = true;
            } else if (ch == ',') {
                line.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                line.add(cell.toString());
                lines.add(line);
                line = new ArrayList<>();
                cell.setLength(0);
                any = false;
            } else {
                cell.append(ch);
                any = true;
            }
        }
        if (any || cell.length() > 0 || !line.isEmpty()) {
            line.add(cell.toString());
            lines.add(line);
        }
        return lines;
    }
}
