package org.carerelay.harness;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fault tests' own PostgreSQL cluster (deploy/local/fault-cluster.sh): a portal instance runs on it while
 * a test stops and starts it, which must never happen to the cluster the rest of the suite (or a developer's
 * local stack) uses.
 */
public final class FaultCluster {

    public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("CARERELAY_FAULT_PG_PORT", "5433"));
    public static final String URL = "jdbc:postgresql://127.0.0.1:" + PORT + "/carerelay_test";

    private FaultCluster() {
    }

    /** Creates (once) and starts the cluster, with CareRelay's roles and databases. */
    public static void ensure() {
        run("ensure");
    }

    /** Stops it at once (open connections are cut, as when a database server restarts or crashes). */
    public static void stop() {
        run("stop");
    }

    public static void start() {
        run("start");
    }

    /** A connection as the application role, for checking what was stored. */
    public static Connection app() throws SQLException {
        return DriverManager.getConnection(URL, "carerelay_app", "carerelay_app");
    }

    private static void run(String action) {
        List<String> command = List.of("bash", LocalStack.root().resolve("deploy/local/fault-cluster.sh").toString(), action);
        try {
            Process process = new ProcessBuilder(command).directory(LocalStack.root().toFile()).inheritIO().start();
            if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
