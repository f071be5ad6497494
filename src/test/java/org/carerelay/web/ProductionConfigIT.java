package org.carerelay.web;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged portal in the production profile refuses to start without its configuration. */
class ProductionConfigIT {

    /** Everything the production profile needs except the session key; the database address leads nowhere. */
    static final Map<String, String> ALL_BUT_THE_SESSION_KEY = Map.ofEntries(
            Map.entry("CARERELAY_DB_URL", "jdbc:postgresql://127.0.0.1:1/nowhere"), Map.entry("CARERELAY_DB_USER", "carerelay_app"),
            Map.entry("CARERELAY_DB_PASSWORD", "carerelay_app"), Map.entry("CARERELAY_DB_OWNER_USER", "carerelay"),
            Map.entry("CARERELAY_DB_OWNER_PASSWORD", "carerelay"), Map.entry("CARERELAY_OIDC_URL", "http://localhost:8180/realms/carerelay"),
            Map.entry("CARERELAY_OIDC_CLIENT_SECRET", "demo-secret"), Map.entry("CARERELAY_PUBLIC_URL", "https://carerelay.example.org"),
            Map.entry("CARERELAY_CSRF_KEY", "k".repeat(48)),
            Map.entry("CARERELAY_AUDIT_SEAL_KEY", "MC4CAQAwBQYDK2VwBCIEIAcylyBVwLVMLiGGLkjAKfW4wOWjoG2CBuw3kGG91uCI"),
            Map.entry("CARERELAY_WEBHOOK_KEY", "w".repeat(48)));

    @Test
    void productionStartWithoutConfigurationStopsWithAClearMessage() throws Exception {
        String output = startAndExpectRefusal(Map.of());
        assertTrue(output.contains("CARERELAY_DB_URL") || output.contains("CARERELAY_OIDC_URL")
                || output.contains("CARERELAY_DB_USER"), "the message names the missing variable: " + output);
    }

    @Test
    void productionStartWithoutASessionKeyStopsNamingIt() throws Exception {
        String output = startAndExpectRefusal(ALL_BUT_THE_SESSION_KEY);
        assertTrue(output.contains("CARERELAY_SESSION_KEY"), "the message names CARERELAY_SESSION_KEY: " + output);
    }

    @Test
    void productionStartWithAShortSessionKeyStopsNamingIt() throws Exception {
        Map<String, String> environment = new HashMap<>(ALL_BUT_THE_SESSION_KEY);
        environment.put("CARERELAY_SESSION_KEY", "only-twenty-chars-xx");
        String output = startAndExpectRefusal(environment);
        assertTrue(output.contains("CARERELAY_SESSION_KEY") && output.contains("32"),
                "the message says the key needs 32 characters: " + output);
    }

    /** Everything else is given (the database and Keycloak addresses lead nowhere): the start stops on the one missing. */
    @Test
    void productionStartWithoutThePublicUrlOrTheCsrfKeyStopsNamingIt() throws Exception {
        Map<String, String> rest = new HashMap<>(ALL_BUT_THE_SESSION_KEY);
        rest.put("CARERELAY_SESSION_KEY", "s".repeat(48));
        for (String missing : new String[] {"CARERELAY_PUBLIC_URL", "CARERELAY_CSRF_KEY"}) {
            Map<String, String> env = new HashMap<>(rest);
            env.remove(missing);
            String output = startAndExpectRefusal(env);
            assertTrue(output.contains(missing), "the message names " + missing + ": " + output);
        }
        Map<String, String> shortKey = new HashMap<>(rest);
        shortKey.put("CARERELAY_CSRF_KEY", "too-short");
        String output = startAndExpectRefusal(shortKey);
        assertTrue(output.contains("CARERELAY_CSRF_KEY must be at least 32 characters"), output);
        Map<String, String> withPath = new HashMap<>(rest);
        withPath.put("CARERELAY_PUBLIC_URL", "https://carerelay.example.org/portal");
        output = startAndExpectRefusal(withPath);
        assertTrue(output.contains("CARERELAY_PUBLIC_URL must be the portal's address"), output);
    }

    /** Starts the packaged portal in the production profile with exactly these CARERELAY_ variables; it must stop. */
    static String startAndExpectRefusal(Map<String, String> environment) throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "the packaged portal exists at " + jar);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Dquarkus.management.port=0", "-jar", jar.toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CARERELAY_") || name.startsWith("QUARKUS_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean stopped = process.waitFor(60, TimeUnit.SECONDS);
        if (!stopped) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(stopped, "the portal gave up within a minute: " + output);
        assertNotEquals(0, process.exitValue(), "it must not start: " + output);
        return output;
    }

    @Test
    void productionStartWithoutTheAuditSealingKeyStopsNamingIt() throws Exception {
        Map<String, String> env = new HashMap<>(ALL_BUT_THE_SESSION_KEY);
        env.put("CARERELAY_SESSION_KEY", "s".repeat(48));
        env.remove("CARERELAY_AUDIT_SEAL_KEY");
        String output = startAndExpectRefusal(env);
        assertTrue(output.contains("CARERELAY_AUDIT_SEAL_KEY"), "the message names the missing variable: " + output);
    }

    @Test
    void productionStartWithoutOrWithAShortWebhookKeyStopsNamingIt() throws Exception {
        Map<String, String> env = new HashMap<>(ALL_BUT_THE_SESSION_KEY);
        env.put("CARERELAY_SESSION_KEY", "s".repeat(48));
        env.remove("CARERELAY_WEBHOOK_KEY");
        String output = startAndExpectRefusal(env);
        assertTrue(output.contains("CARERELAY_WEBHOOK_KEY"), "the message names the missing variable: " + output);
        env.put("CARERELAY_WEBHOOK_KEY", "too-short");
        output = startAndExpectRefusal(env);
        assertTrue(output.contains("CARERELAY_WEBHOOK_KEY must be at least 32 characters"), output);
    }
}
