package org.carerelay.harness;

import java.io.IOException;
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
 * Starts what the tests need the same way deploy/local/up.sh does, by calling the same scripts:
 * the local PostgreSQL (roles and the test database) and Keycloak with the realm from realm/.
 * A Keycloak that already runs with the realm is reused and left running; one started here is
 * stopped when the test JVM exits.
 */
public final class LocalStack {

    public static final String KEYCLOAK_URL = System.getenv().getOrDefault("CARERELAY_TEST_KEYCLOAK_URL", "http://localhost:8180");
    public static final String REALM_URL = KEYCLOAK_URL + "/realms/carerelay";

    private static boolean postgresReady;
    private static boolean keycloakReady;

    private LocalStack() {
    }

    public static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/local/keycloak.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root (deploy/local/keycloak.sh) above " + System.getProperty("user.dir"));
        }
        return dir;
    }

    public static synchronized void ensurePostgres() {
        if (!postgresReady) {
            run(List.of("bash", root().resolve("deploy/local/postgres.sh").toString()), Duration.ofMinutes(2));
            postgresReady = true;
        }
    }

    public static synchronized void ensureKeycloak() {
        if (keycloakReady) {
            return;
        }
        if (!realmAnswers()) {
            run(List.of("bash", root().resolve("deploy/local/keycloak.sh").toString(), "start"), Duration.ofMinutes(6));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(List.of("bash", root().resolve("deploy/local/keycloak.sh").toString(), "stop"), Duration.ofMinutes(1));
                } catch (RuntimeException e) {
                    System.err.println("could not stop Keycloak: " + e.getMessage());
                }
            }, "stop-keycloak"));
        }
        if (!realmAnswers()) {
            throw new IllegalStateException("Keycloak does not serve the carerelay realm at " + REALM_URL);
        }
        keycloakReady = true;
    }

    static boolean realmAnswers() {
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create(REALM_URL + "/.well-known/openid-configuration"))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).directory(root().toFile()).inheritIO().start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
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
