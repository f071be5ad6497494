package org.carerelay.clock;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.ZoneId;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The network's local time zone ({@code carerelay.time-zone}): local days of reports and date filters, due times
 * typed in forms, and every time shown on a page. Inject it, or call {@link #zone()} where injection is not possible
 * (template extensions).
 */
@ConfigMapping(prefix = "carerelay")
public interface NetworkTimeZone {

    @WithName("time-zone")
    @WithDefault("America/New_York")
    ZoneId timeZone();

    static ZoneId zone() {
        return ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(NetworkTimeZone.class).timeZone();
    }
}
