package org.carerelay.bench;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One portal instance for the benchmark: the benchmark build of the jar (-Dcarerelay.bench=true: the probe page
 * and the audit bypass exist only there) in the production profile with the
 * CARERELAY_* variables of deploy/local/up.sh, against the bench database, on a port the realm's
 * portal client accepts (8084-8089). Started and stopped by its own PID only. Samples its resident
 * memory (VmRSS) while it runs.
 */
final class AppInstance implements AutoCloseable {

    /** Ports the realm's portal client accepts as redirect URIs that the usual local stack and tests leave alone. */
    static final List<Integer> PORTS = List.of(8088, 8089, 8087, 8086, 8085, 8084);

    final String name;
    final int port;
    final String url;
    private final Process process;
    private final Path log;
    private volatile long maxRssKb;
    private final Thread sampler;

    private AppInstance(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.url = "http://localhost:" + port;
        this.process = process;
        this.log = log;
        sampler = new Thread(() -> {
            while (process.isAlive()) {
                maxRssKb = Math.max(maxRssKb, rssKb());
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-" + name);
        sampler.setDaemon(true);
        sampler.start();
    }

    static int freePort(List<Integer> taken) {
        for (int p : PORTS) {
            if (taken.contains(p)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("0.0.0.0", p));
                return p;
            } catch (IOException e) {
                // in use: try the next one
            }
        }
        throw new IllegalStateException("no free port among " + PORTS + " (the realm accepts only 8080-8089)");
    }

    static AppInstance start(String name, Path jar, int port, String db, String javaOpts, Map<String, String> extraEnv, Path logDir)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(List.of(javaOpts.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.getFileName().toString()));
        ProcessBuilder b = new ProcessBuilder(command).directory(jar.getParent().toFile());
        Map<String, String> env = b.environment();
        env.put("CARERELAY_HTTP_PORT", String.valueOf(port));
        env.put("CARERELAY_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + db);
        env.put("CARERELAY_DB_USER", "carerelay_app");
        env.put("CARERELAY_DB_PASSWORD", "carerelay_app");
        env.put("CARERELAY_DB_OWNER_USER", "carerelay");
        env.put("CARERELAY_DB_OWNER_PASSWORD", "carerelay");
        env.put("CARERELAY_OIDC_URL", System.getenv().getOrDefault("CARERELAY_OIDC_URL", "http://localhost:8180/realms/carerelay"));
        env.put("CARERELAY_OIDC_CLIENT_SECRET", "demo-secret");
        env.put("CARERELAY_AUDIT_SEAL_KEY", AuditSealBench.DEMO_SEAL_KEY); // the published demo key: benchmarks only
        env.put("CARERELAY_SECURE_COOKIES", "false");
        env.put("CARERELAY_PUBLIC_URL", "http://localhost:" + port);
        env.put("CARERELAY_CSRF_KEY", "carerelay-development-csrf-key-not-secret");
        env.put("CARERELAY_DEMO_NETWORK", "true");
        env.put("CARERELAY_SESSION_KEY", "carerelay-demo-session-key-not-for-production");
        env.put("CARERELAY_MANAGEMENT_PORT", String.valueOf(managementPort(port)));
        env.putAll(extraEnv);
        Path log = logDir.resolve("app-" + name + ".log");
        b.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = b.start();
        AppInstance app = new AppInstance(name, port, p, log);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        app.awaitReady();
        return app;
    }

    private void awaitReady() throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("instance " + name + " stopped during start; log " + log + ":\n" + tail());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort(port) + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("instance " + name + " not ready within 240 s; log " + log + ":\n" + tail());
    }

    /** Health and metrics answer on the management interface: 18088 for the instance on 8088. */
    static int managementPort(int port) {
        return Integer.parseInt("1" + port);
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory now, in KiB (0 when it is gone). */
    long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has ended
        }
        return 0;
    }

    /** The highest resident memory since the last call, in MiB; the sampler starts over. */
    long takeMaxRssMb() {
        long max = Math.max(maxRssKb, rssKb());
        maxRssKb = 0;
        return max / 1024;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM to our own PID: Quarkus shuts down gracefully
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
