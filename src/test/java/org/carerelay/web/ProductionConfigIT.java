package org.carerelay.web;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged portal in the production profile refuses to start without its configuration. */
class ProductionConfigIT {

    @Test
    void productionStartWithoutConfigurationStopsWithAClearMessage() throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "the packaged portal exists at " + jar);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-jar", jar.toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CARERELAY_") || name.startsWith("QUARKUS_"));
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the portal gave up within a minute");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, process.exitValue(), "it must not start: " + output);
        assertTrue(output.contains("CARERELAY_DB_URL") || output.contains("CARERELAY_OIDC_URL")
                || output.contains("CARERELAY_DB_USER"), "the message names the missing variable: " + output);
    }

    @Test
    void productionStartWithoutTheAuditSealingKeyStopsNamingIt() throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-jar", jar.toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CARERELAY_") || name.startsWith("QUARKUS_"));
        // Everything else is configured (addresses nobody answers on: the start must stop before it needs them).
        for (String name : new String[] {"CARERELAY_DB_USER", "CARERELAY_DB_PASSWORD", "CARERELAY_DB_OWNER_USER", "CARERELAY_DB_OWNER_PASSWORD",
            "CARERELAY_OIDC_CLIENT_SECRET"}) {
            builder.environment().put(name, "configured");
        }
        builder.environment().put("CARERELAY_DB_URL", "jdbc:postgresql://127.0.0.1:1/nothing");
        builder.environment().put("CARERELAY_OIDC_URL", "http://127.0.0.1:1/realms/nothing");
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the portal gave up within a minute");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, process.exitValue(), "it must not start without the key that signs the audit trail: " + output);
        assertTrue(output.contains("CARERELAY_AUDIT_SEAL_KEY"), "the message names the missing variable: " + output);
    }
}
