package org.carerelay.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second portal instance ("B") from the same packaged jar as the instance under test, with the
 * test profile, against the SAME database, on a free port in 8084–8089 (the realm's portal client
 * allows those as redirect URIs, so a browser can sign in on B). Unlike the instance under test it
 * must not wipe the database: the test profile cleans at start, so B starts with
 * {@code -D%test.quarkus.flyway.clean-at-start=false} (a system property outranks
 * application.properties) and merely finds the schema migrated. Its log goes to
 * target/instance-b-PORT.log. Started, awaited and stopped as a {@link PortalProcess}.
 */
public final class SecondInstance implements AutoCloseable {

    static final int FIRST_PORT = 8084;
    static final int LAST_PORT = 8089;
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final PortalProcess process;

    private SecondInstance(PortalProcess process) {
        this.process = process;
    }

    /** Starts B on the first free port in 8084–8089 other than the instance under test's, and waits until it is ready. */
    public static SecondInstance start() {
        return start(Map.of());
    }

    /** As {@link #start()}, with extra environment variables for B (e.g. to show that a switch has no effect). */
    public static SecondInstance start(Map<String, String> environment) {
        Path jar = LocalStack.root().resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged app at " + jar + " (run mvn verify)");
        }
        List<String> tried = new ArrayList<>();
        for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
            if (port == Browser.PORTAL_PORT || !PortalProcess.free(port) || !PortalProcess.free(PortalProcess.managementPort(port))) {
                continue;
            }
            PortalProcess instance = launch(jar, port, environment);
            if (instance.awaitReady(START_TIMEOUT)) {
                return new SecondInstance(instance);
            }
            instance.close(); // lost the port to someone else meanwhile, or failed: say why unless another port works
            tried.add(port + " (see " + instance.log() + ")");
        }
        throw new IllegalStateException("could not start a second instance on any free port in " + FIRST_PORT + "–" + LAST_PORT
                + "; tried " + tried);
    }

    private static PortalProcess launch(Path jar, int port, Map<String, String> environment) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder builder = new ProcessBuilder(java,
                "-Dquarkus.profile=test",
                "-Dquarkus.http.port=" + port,
                "-D%test.quarkus.flyway.clean-at-start=false",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-jar", jar.toString())
                .directory(LocalStack.root().toFile());
        builder.environment().put("CARERELAY_TEST_HTTP_PORT", String.valueOf(port));
        builder.environment().put("CARERELAY_TEST_DB_URL", TestDatabase.URL); // the same database as the instance under test
        builder.environment().put("CARERELAY_TEST_MANAGEMENT_PORT", String.valueOf(PortalProcess.managementPort(port)));
        builder.environment().putAll(environment);
        return PortalProcess.start(builder, port, LocalStack.root().resolve("target/instance-b-" + port + ".log"));
    }

    public int port() {
        return process.port();
    }

    /** Always "localhost" (the realm's redirect URIs). */
    public String url() {
        return process.url();
    }

    /** B's process id (its webhook claims name it: {@code instance-<pid>-...}). */
    public long pid() {
        return process.pid();
    }

    public Path log() {
        return process.log();
    }

    /** Kills B at once (SIGKILL), as when a node dies: no graceful shutdown, work in flight is abandoned. */
    public void kill() {
        process.kill();
    }

    /** B's log so far (for failure messages and reports). */
    public String logText() {
        return process.logText();
    }

    @Override
    public void close() {
        process.close();
    }
}
