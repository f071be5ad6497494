package org.carerelay.sql;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.stream.Collectors;

/** Conversions for values read from and passed to native SQL. */
public final class SqlValues {

    private SqlValues() {
    }

    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass());
    }

    public static long id(Object value) {
        return ((Number) value).longValue();
    }

    /**
     * A PostgreSQL array literal, to bind as text and cast ({@code CAST(:ids AS BIGINT[])}, {@code CAST(:roles AS TEXT[])}):
     * every element double-quoted with backslash and quote escaped, so any text survives; a null element is NULL.
     */
    public static String arrayLiteral(Collection<?> values) {
        return values.stream().map(v -> v == null ? "NULL" : "\"" + String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
