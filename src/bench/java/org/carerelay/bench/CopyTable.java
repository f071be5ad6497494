package org.carerelay.bench;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import org.postgresql.copy.CopyManager;

/**
 * Rows for one table in PostgreSQL's COPY text format, buffered and sent with {@link CopyManager}.
 * Values: null, String, Number, Boolean, Instant, LocalDate, String[] or a Collection (a text[]), or
 * {@link Json} (a jsonb document written as it is).
 */
final class CopyTable {

    /** A JSON document, written to a jsonb column unchanged. */
    record Json(String text) {
    }

    final String table;
    private final String sql;
    private StringBuilder rows = new StringBuilder(1 << 16);
    private int buffered;
    private long written;

    CopyTable(String table, String columns) {
        this.table = table;
        this.sql = "COPY " + table + " (" + columns + ") FROM STDIN";
    }

    CopyTable row(Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                rows.append('\t');
            }
            value(rows, values[i]);
        }
        rows.append('\n');
        buffered++;
        return this;
    }

    int buffered() {
        return buffered;
    }

    int bufferedChars() {
        return rows.length();
    }

    long written() {
        return written;
    }

    /** Sends the buffered rows (in the connection's current transaction) and empties the buffer. */
    long flush(CopyManager copy) throws SQLException, IOException {
        if (buffered == 0) {
            return 0;
        }
        long n = copy.copyIn(sql, new StringReader(rows.toString()));
        written += n;
        buffered = 0;
        rows = new StringBuilder(Math.max(1 << 16, rows.capacity() / 2));
        return n;
    }

    /** The rows as COPY text without sending them (the audit writer hands lines to its own connection). */
    String drain() {
        String text = rows.toString();
        written += buffered;
        buffered = 0;
        rows = new StringBuilder(1 << 16);
        return text;
    }

    static void value(StringBuilder out, Object v) {
        if (v == null) {
            out.append("\\N");
        } else if (v instanceof String s) {
            escape(out, s);
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Instant t) {
            out.append(t);
        } else if (v instanceof LocalDate d) {
            out.append(d);
        } else if (v instanceof Json j) {
            escape(out, j.text());
        } else if (v instanceof String[] a) {
            array(out, java.util.Arrays.asList(a));
        } else if (v instanceof Collection<?> c) {
            array(out, c);
        } else {
            throw new IllegalArgumentException("no COPY encoding for " + v.getClass());
        }
    }

    /** A PostgreSQL array literal with every element quoted, then escaped for COPY. */
    private static void array(StringBuilder out, Collection<?> values) {
        StringBuilder literal = new StringBuilder("{");
        boolean first = true;
        for (Object o : values) {
            if (!first) {
                literal.append(',');
            }
            first = false;
            literal.append('"').append(String.valueOf(o).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        escape(out, literal.append('}').toString());
    }

    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
