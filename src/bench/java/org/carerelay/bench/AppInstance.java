package org.carerelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carerelay.harness.PortalProcess;

/**
 * One portal instance for the benchmark: the benchmark build of the jar (-Dcarerelay.bench=true: the probe page
 * and the audit bypass exist only there) in the production profile with the
 * CARERELAY_* variables of deploy/local/up.sh, against the bench database, on a port the realm's
 * portal client accepts (8084-8089). Started, awaited and stopped as the harness's {@link PortalProcess}
 * (by its own PID only). Samples its resident memory (VmRSS) while it runs.
 */
final class AppInstance implements AutoCloseable {

    /** Ports the realm's portal client accepts as redirect URIs that the usual local stack and tests leave alone. */
    static final List<Integer> PORTS = List.of(8088, 8089, 8087, 8086, 8085, 8084);

    final String name;
    final int port;
    final String url;
    private final PortalProcess process;
    private volatile long maxRssKb;

    private AppInstance(String name, PortalProcess process) {
        this.name = name;
        this.port = process.port();
        this.url = process.url();
        this.process = process;
        Thread sampler = new Thread(() -> {
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
            if (!taken.contains(p) && PortalProcess.free(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port among " + PORTS + " (the realm accepts only 8080-8089)");
    }

    static AppInstance start(String name, Path jar, int port, String db, String javaOpts, Map<String, String> extraEnv, Path logDir)
            throws IOException {
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
        env.put("CARERELAY_WEBHOOK_KEY", "carerelay-development-webhook-key-not-secret"); // the development key, as deploy/local/up.sh
        env.put("CARERELAY_WEBHOOK_ALLOW_HTTP", "true"); // P6's receivers listen on loopback over plain http
        env.put("CARERELAY_SESSION_KEY", "carerelay-demo-session-key-not-for-production");
        env.put("CARERELAY_MANAGEMENT_PORT", String.valueOf(PortalProcess.managementPort(port)));
        env.putAll(extraEnv);
        Files.createDirectories(logDir);
        PortalProcess process = PortalProcess.start(b, port, logDir.resolve("app-" + name + ".log"));
        AppInstance app = new AppInstance(name, process); // samples its memory from the start
        if (!process.awaitReady(Duration.ofSeconds(240))) {
            String why = process.isAlive() ? "not ready within 240 s" : "stopped during start";
            app.close();
            throw new IllegalStateException("instance " + name + " " + why + "; log " + process.log() + ":\n" + process.logTail(30));
        }
        return app;
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
        process.close();
    }
}
