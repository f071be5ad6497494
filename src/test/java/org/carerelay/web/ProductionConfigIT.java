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

    @Test
    void productionStartWithoutConfigurationStopsWithAClearMessage() throws Exception {
        String output = startWithout(Map.of());
        assertTrue(output.contains("CARERELAY_DB_URL") || output.contains("CARERELAY_OIDC_URL")
                || output.contains("CARERELAY_DB_USER"), "the message names the missing variable: " + output);
    }

    /** Everything else is given (the database and Keycloak addresses lead nowhere): the start stops on the one missing. */
    @Test
    void productionStartWithoutThePublicUrlOrTheCsrfKeyStopsNamingIt() throws Exception {
        Map<String, String> rest = Map.of("CARERELAY_DB_URL", "jdbc:postgresql://127.0.0.1:9/nowhere", "CARERELAY_DB_USER", "nobody",
                "CARERELAY_DB_PASSWORD", "x", "CARERELAY_DB_OWNER_USER", "nobody", "CARERELAY_DB_OWNER_PASSWORD", "x",
                "CARERELAY_OIDC_URL", "http://127.0.0.1:9/realms/carerelay", "CARERELAY_OIDC_CLIENT_SECRET", "x",
                "CARERELAY_PUBLIC_URL", "https://carerelay.example.org", "CARERELAY_CSRF_KEY", "k".repeat(48));
        for (String missing : new String[] {"CARERELAY_PUBLIC_URL", "CARERELAY_CSRF_KEY"}) {
            Map<String, String> env = new HashMap<>(rest);
            env.remove(missing);
            String output = startWithout(env);
            assertTrue(output.contains(missing), "the message names " + missing + ": " + output);
        }
        Map<String, String> shortKey = new HashMap<>(rest);
        shortKey.put("CARERELAY_CSRF_KEY", "too-short");
        String output = startWithout(shortKey);
        assertTrue(output.contains("CARERELAY_CSRF_KEY must be at least 32 characters"), output);
        Map<String, String> withPath = new HashMap<>(rest);
        withPath.put("CARERELAY_PUBLIC_URL", "https://carerelay.example.org/portal");
        output = startWithout(withPath);
        assertTrue(output.contains("CARERELAY_PUBLIC_URL must be the portal's address"), output);
    }

    /** Starts the packaged portal in the production profile with only {@code env} set; returns its output once it has stopped. */
    static String startWithout(Map<String, String> env) throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "the packaged portal exists at " + jar);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-jar", jar.toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CARERELAY_") || name.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the portal gave up within a minute");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, process.exitValue(), "it must not start: " + output);
        return output;
    }
}
