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
}
