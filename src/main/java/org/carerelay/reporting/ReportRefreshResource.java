package org.carerelay.reporting;

import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test support only: brings the report rollups up to date now, so a test can assert figures right
 * after seeding. Exists only with {@code carerelay.test-support.enabled=true} in the test profile;
 * everywhere else it answers 404. Not in the OpenAPI document.
 */
@Path("/test-support/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportRefreshResource {

    @ConfigProperty(name = "carerelay.test-support.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    ReportRefresh refresh;

    @POST
    @Path("refresh")
    @Blocking
    @Operation(hidden = true)
    public Map<String, Integer> refresh() {
        if (!enabled || !ConfigUtils.isProfileActive("test")) {
            throw new NotFoundException();
        }
        return Map.of("recomputed", refresh.refreshUntilCurrent());
    }
}
