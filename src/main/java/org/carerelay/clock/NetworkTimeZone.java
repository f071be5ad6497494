package org.carerelay.clock;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneId;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The network's local time zone ({@code carerelay.time-zone}, default America/New_York): local days of reports and
 * date filters, due times typed in forms, and every time shown on a page. Inject it, or call {@link #zone()} where
 * injection is not possible (template extensions). The one place the setting is read.
 */
@ApplicationScoped
public class NetworkTimeZone {

    static final String PROPERTY = "carerelay.time-zone";
    static final String DEFAULT = "America/New_York";

    private final ZoneId zone = zone();

    public ZoneId timeZone() {
        return zone;
    }

    public static ZoneId zone() {
        return ZoneId.of(ConfigProvider.getConfig().getOptionalValue(PROPERTY, String.class).orElse(DEFAULT));
    }
}
