package org.carerelay.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct JDBC access to the test database, as the owner role, for what a test must check or set
 * up beneath the application (row counts, transactions held open). Never used to fake results.
 */
public final class TestDatabase {

    public static final String URL = System.getenv().getOrDefault("CARERELAY_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/carerelay_test");

    private TestDatabase() {
    }

    public static Connection owner() throws SQLException {
        return DriverManager.getConnection(URL, "carerelay", "carerelay");
    }

    public static Connection app() throws SQLException {
        return DriverManager.getConnection(URL, "carerelay_app", "carerelay_app");
    }

    /** The single number a query returns (e.g. a count). */
    public static long number(String sql, Object... parameters) {
        try (Connection c = owner(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row a query returns, as numbers (e.g. ids). */
    public static java.util.List<Long> ids(String sql, Object... parameters) {
        return column(sql, parameters).stream().map(Long::parseLong).toList();
    }

    /** The first column of every row a query returns, as text. */
    public static java.util.List<String> column(String sql, Object... parameters) {
        try (Connection c = owner(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            java.util.List<String> values = new java.util.ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    values.add(r.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static void execute(String sql, Object... parameters) {
        try (Connection c = owner(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * The audit entries one request wrote (by the response's X-Request-Id), in order, each as
     * "outcome resource_type resource_id", e.g. "denied delivery 42".
     */
    public static List<String> auditOf(String requestId) {
        try (Connection c = owner(); PreparedStatement s = c.prepareStatement(
                "SELECT outcome || ' ' || resource_type || ' ' || coalesce(resource_id, '-') FROM audit_entry WHERE request_id = ? ORDER BY id")) {
            s.setString(1, requestId);
            List<String> entries = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    entries.add(r.getString(1));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rows in the tables an event write touches: any change means something was stored. Escalations
     * are left out: the escalation job writes them in the background, not for the request under test.
     */
    public static long storedRows() {
        return number("""
                SELECT (SELECT count(*) FROM shared_event) + (SELECT count(*) FROM delivery) + (SELECT count(*) FROM client)
                     + (SELECT count(*) FROM client_identifier) + (SELECT count(*) FROM client_marker)
                     + (SELECT count(*) FROM care_relationship) + (SELECT count(*) FROM idempotency_record)
                     + (SELECT count(*) FROM delivery_transition WHERE action <> 'escalate') + (SELECT count(*) FROM identity_exception)""");
    }
}
