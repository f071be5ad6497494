package org.carerelay.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.NotFoundException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Where test support is switched off (every profile but test), moving the clock is an unknown address. */
class TestClockResourceTest {

    @Test
    void switchedOffItAnswersNotFoundAndLeavesTheClockAlone() {
        TestClockResource resource = new TestClockResource();
        resource.enabled = false;
        resource.clock = new CareClock();
        assertThrows(NotFoundException.class, () -> resource.advance("5"));
        assertThrows(NotFoundException.class, resource::reset);
        assertEquals(Duration.ZERO, resource.clock.offset());
    }
}
