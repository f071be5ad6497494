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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One portal started from a packaged jar as a child process: its output goes to a log file, it is
 * ready once its management interface's /q/health/ready answers 200 while the process is alive
 * (never someone else's server on that port), and it is stopped through its own process handle
 * only (SIGTERM, a graceful Quarkus shutdown; forced after 30 s), also when the JVM exits. Used by
 * {@link SecondInstance} (a second instance in the tests) and by the benchmark's instances.
 */
public final class PortalProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread stopAtExit;

    private PortalProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.stopAtExit = new Thread(this::stop, "stop-portal-" + port);
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** Starts the command (its output and errors into {@code log}) for a portal that listens on {@code port}. */
    public static PortalProcess start(ProcessBuilder command, int port, Path log) {
        command.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            return new PortalProcess(command.start(), port, log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", command.command()), e);
        }
    }

    /** The management interface (health, metrics) of a portal on {@code port}: "1" + the port, e.g. 18084. */
    public static int managementPort(int port) {
        return Browser.managementPort(port, null);
    }

    /** Nothing listens on the port (on any address). */
    public static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True once /q/health/ready answers 200 while our own process is alive; false if it stops or the time runs out. */
    public boolean awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://localhost:" + managementPort(port) + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200 && process.isAlive()) {
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

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** Kills the process at once (SIGKILL), as in a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The log so far (for failure messages and reports). */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The last lines of the log. */
    public String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM to our own PID: a graceful Quarkus shutdown
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
