package org.carerelay.clock;

import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Map;
import org.carerelay.web.ProblemException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * Test support only: moves this instance's {@link CareClock} so that tests of the packaged app can
 * make work overdue. It exists only where {@code carerelay.test-support.enabled=true} and the test
 * profile is active; everywhere else it answers 404 like any address that has no page (and only the
 * test profile lets anonymous callers reach it). The packaged jar is
 * the same for every profile, so the switch is read at run time. Not in the OpenAPI document.
 */
@Path("/test-support/clock")
@Produces(MediaType.APPLICATION_JSON)
public class TestClockResource {

    static final long MAX_HOURS = 24L * 366;
    private static final Logger LOG = Logger.getLogger(TestClockResource.class);

    @ConfigProperty(name = "carerelay.test-support.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    CareClock clock;

    @POST
    @Path("advance")
    @Operation(hidden = true)
    public Map<String, String> advance(@QueryParam("hours") String hoursParameter) {
        requireEnabled();
        Long hours = hoursParameter == null || !hoursParameter.matches("-?[0-9]{1,6}") ? null : Long.valueOf(hoursParameter);
        if (hours == null || Math.abs(hours) > MAX_HOURS) {
            throw ProblemException.invalid("Say how many hours to move the clock.",
                    java.util.List.of(new ProblemException.FieldError("hours", "a whole number of hours, at most " + MAX_HOURS)));
        }
        clock.advance(Duration.ofHours(hours));
        LOG.warnf("Test support: clock moved by %d h (now offset %s)", hours, clock.offset());
        return state();
    }

    @POST
    @Path("reset")
    @Operation(hidden = true)
    public Map<String, String> reset() {
        requireEnabled();
        clock.reset();
        LOG.info("Test support: clock reset");
        return state();
    }

    private void requireEnabled() {
        // both: the switch, and the test profile (an environment variable alone cannot turn it on in production)
        if (!enabled || !ConfigUtils.isProfileActive("test")) {
            throw new NotFoundException();
        }
    }

    private Map<String, String> state() {
        return Map.of("now", clock.instant().toString(), "offset", clock.offset().toString());
    }
}
