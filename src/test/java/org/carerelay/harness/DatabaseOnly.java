package org.carerelay.harness;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Test resource for fast tests that need the real PostgreSQL but not Keycloak. */
public class DatabaseOnly implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalStack.ensurePostgres();
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
