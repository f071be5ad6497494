package org.carerelay.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second portal instance ("B") from the same packaged jar as the instance under test, with the
 * test profile, against the SAME database, on a free port in 8084–8089 (the realm's portal client
 * allows those as redirect URIs, so a browser can sign in on B). Unlike the instance under test it
 * must not wipe the database: the test profile cleans at start, so B starts with
 * {@code -D%test.quarkus.flyway.clean-at-start=false} (a system property outranks
 * application.properties) and merely finds the schema migrated. Its log goes to
 * target/instance-b-PORT.log. Stopped through its own process handle only.
 */
public final class SecondInstance implements AutoCloseable {

    static final int FIRST_PORT = 8084;
    static final int LAST_PORT = 8089;
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread stopAtExit;

    private SecondInstance(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.stopAtExit = new Thread(this::stop, "stop-second-instance");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** Starts B on the first free port in 8084–8089 other than the instance under test's, and waits until it is ready. */
    public static SecondInstance start() {
        return start(java.util.Map.of());
    }

    /** As {@link #start()}, with extra environment variables for B (e.g. to show that a switch has no effect). */
    public static SecondInstance start(java.util.Map<String, String> environment) {
        Path jar = LocalStack.root().resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged app at " + jar + " (run mvn verify)");
        }
        List<String> tried = new ArrayList<>();
        for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
            if (port == Browser.PORTAL_PORT || !free(port) || !free(managementPort(port))) {
                continue;
            }
            SecondInstance instance = launch(jar, port, environment);
            if (instance.awaitReady()) {
                return instance;
            }
            instance.close(); // lost the port to someone else meanwhile, or failed: say why unless another port works
            tried.add(port + " (see " + instance.log + ")");
        }
        throw new IllegalStateException("could not start a second instance on any free port in " + FIRST_PORT + "–" + LAST_PORT
                + "; tried " + tried);
    }

    /** B's management interface (health): "1" + its HTTP port, e.g. 18084, apart from A's. */
    static int managementPort(int port) {
        return Browser.managementPort(port, null);
    }

    private static SecondInstance launch(Path jar, int port, java.util.Map<String, String> environment) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path log = LocalStack.root().resolve("target/instance-b-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(java,
                "-Dquarkus.profile=test",
                "-Dquarkus.http.port=" + port,
                "-D%test.quarkus.flyway.clean-at-start=false",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-jar", jar.toString())
                .directory(LocalStack.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("CARERELAY_TEST_HTTP_PORT", String.valueOf(port));
        builder.environment().put("CARERELAY_TEST_DB_URL", TestDatabase.URL); // the same database as the instance under test
        builder.environment().put("CARERELAY_TEST_MANAGEMENT_PORT", String.valueOf(managementPort(port)));
        builder.environment().putAll(environment);
        try {
            return new SecondInstance(builder.start(), port, log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + java + " -jar " + jar, e);
        }
    }

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True once /q/health/ready (management interface) answers 200 while our own process is alive (never someone else's server). */
    private boolean awaitReady() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort(port) + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200 && process.isAlive()) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleep(500);
        }
        return false;
    }

    public int port() {
        return port;
    }

    /** Always "localhost" (the realm's redirect URIs). */
    public String url() {
        return "http://localhost:" + port;
    }

    /** B's process id (its webhook claims name it: {@code instance-<pid>-...}). */
    public long pid() {
        return process.pid();
    }

    /** Kills B at once (SIGKILL), as when a node dies: no graceful shutdown, work in flight is abandoned. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path log() {
        return log;
    }

    /** B's log so far (for failure messages and reports). */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: a graceful Quarkus shutdown
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            // the JVM is already exiting: the hook runs (and finds the process stopped)
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
