package org.carerelay.sql;

import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * One row of a native query, read by column name: a column added to or moved in a SELECT cannot shift
 * another field. Create the query with {@code em.createNativeQuery(sql, Tuple.class)} (or {@link #query}),
 * name every selected expression with a lower-case alias, and map each {@code Row} to the feature's own record.
 */
public final class Row {

    private final Tuple tuple;

    private Row(Tuple tuple) {
        this.tuple = tuple;
    }

    /** Every row of a query created for {@link Tuple} results. */
    @SuppressWarnings("unchecked")
    public static List<Row> all(Query query) {
        return ((List<Tuple>) query.getResultList()).stream().map(Row::new).toList();
    }

    /** The first row, if any. */
    public static java.util.Optional<Row> first(Query query) {
        return all(query.setMaxResults(1)).stream().findFirst();
    }

    /** A native query whose rows are read by column name. */
    public static Query query(jakarta.persistence.EntityManager em, String sql) {
        return em.createNativeQuery(sql, Tuple.class);
    }

    public Object value(String column) {
        return tuple.get(column);
    }

    public boolean isNull(String column) {
        return value(column) == null;
    }

    /** A non-null integer column (ids, counts) as a long. */
    public long id(String column) {
        return SqlValues.id(required(column));
    }

    public long number(String column) {
        return id(column);
    }

    public Long nullableNumber(String column) {
        Object v = value(column);
        return v == null ? null : SqlValues.id(v);
    }

    public int integer(String column) {
        return ((Number) required(column)).intValue();
    }

    public Integer nullableInteger(String column) {
        Object v = value(column);
        return v == null ? null : ((Number) v).intValue();
    }

    public double decimal(String column) {
        return ((Number) required(column)).doubleValue();
    }

    public BigDecimal bigDecimal(String column) {
        Object v = value(column);
        return v == null ? null : v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
    }

    public String text(String column) {
        Object v = value(column);
        return v == null ? null : v.toString();
    }

    public boolean bool(String column) {
        return Boolean.TRUE.equals(value(column));
    }

    public Instant instant(String column) {
        return SqlValues.instant(value(column));
    }

    public LocalDate date(String column) {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        return v instanceof LocalDate d ? d : v instanceof java.sql.Date d ? d.toLocalDate() : LocalDate.parse(v.toString());
    }

    /** A {@code TEXT[]} column (empty when null). */
    public List<String> texts(String column) {
        Object v = value(column);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String[] a) {
            return List.of(a);
        }
        if (v instanceof Object[] a) {
            return Arrays.stream(a).map(String::valueOf).toList();
        }
        if (v instanceof java.sql.Array a) {
            try {
                return Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException(column + " is not an array: " + v.getClass());
    }

    private Object required(String column) {
        Object v = value(column);
        if (v == null) {
            throw new IllegalStateException("column " + column + " is null");
        }
        return v;
    }
}
