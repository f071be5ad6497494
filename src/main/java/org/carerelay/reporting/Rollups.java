package org.carerelay.reporting;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the report rollup tables (db/migration/V7, V8): one filtered, read-only query per table of
 * a report, never the raw rows. Figures are as fresh as the last {@code report_refresh}.
 */
@ApplicationScoped
public class Rollups {

    @Inject
    AgroalDataSource dataSource;

    /** A row as the caller maps it. */
    public interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** The WHERE clause of a rollup query and its parameters, built from a report's filters. */
    public static final class Where {
        final StringBuilder sql = new StringBuilder(" WHERE day BETWEEN ? AND ?");
        final List<Object> params = new ArrayList<>();

        Where(ReportFilter filter) {
            params.add(java.sql.Date.valueOf(filter.fromDate()));
            params.add(java.sql.Date.valueOf(filter.toDate()));
        }

        /** Limits to the filter's agency in this column (or in any of these columns). */
        Where agency(ReportFilter filter, String... columns) {
            if (filter.agencyId() != null) {
                sql.append(" AND (");
                for (int i = 0; i < columns.length; i++) {
                    sql.append(i == 0 ? "" : " OR ").append(columns[i]).append(" = ?");
                    params.add(filter.agencyId());
                }
                sql.append(')');
            }
            return this;
        }

        /** Limits to the filter's event type and pathway. */
        Where typeAndPathway(ReportFilter filter) {
            if (filter.eventType() != null) {
                sql.append(" AND type_code = ?");
                params.add(filter.eventType().code);
            }
            if (!filter.pathway().isEmpty()) {
                sql.append(" AND pathway = ?");
                params.add(filter.pathway());
            }
            return this;
        }

        Where and(String condition, Object... values) {
            sql.append(" AND ").append(condition);
            params.addAll(List.of(values));
            return this;
        }

        @Override
        public String toString() {
            return sql.toString();
        }
    }

    public static Where where(ReportFilter filter) {
        return new Where(filter);
    }

    public <T> List<T> query(String select, Where where, String tail, Mapper<T> mapper) {
        String sql = select + where + (tail == null ? "" : " " + tail);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < where.params.size(); i++) {
                ps.setObject(i + 1, where.params.get(i));
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("report query failed: " + e.getMessage(), e);
        }
    }

    /** When the rollups were last brought up to date (null: never). */
    public Instant refreshedAt() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT refreshed_at FROM report_setting");
                ResultSet rs = ps.executeQuery()) {
            Timestamp at = rs.next() ? rs.getTimestamp(1) : null;
            return at == null ? null : at.toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException("report freshness unreadable: " + e.getMessage(), e);
        }
    }

    static Integer[] histogram(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? null : (Integer[]) array.getArray();
    }

    static LocalDate day(ResultSet rs) throws SQLException {
        return rs.getDate("day").toLocalDate();
    }
}
