package org.carerelay.harness;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Test resource for tests that run the portal: PostgreSQL, Keycloak and the test SMTP server are up before the app starts.
 * Use with {@code @WithTestResource(CareRelayStack.class)}.
 */
public class CareRelayStack implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalStack.ensurePostgres();
        LocalStack.ensureKeycloak();
        TestMail.ensureStarted(); // the SMTP server the app's urgent notices go to (its port is in the test profile)
        return Map.of();
    }

    @Override
    public void stop() {
        // Keycloak outlives one app start; LocalStack stops it when the JVM exits, if it started it.
    }
}
