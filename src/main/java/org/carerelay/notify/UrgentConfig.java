package org.carerelay.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** Urgent notices outside the portal ({@code carerelay.urgent.*}); docs/operations.md lists them. */
@ConfigMapping(prefix = "carerelay.urgent")
public interface UrgentConfig {

    /** The SMTP server; without one, no notice is sent (the on-call page says so). Quarkus Mailer gets the same value. */
    @WithName("smtp-host")
    Optional<String> smtpHost();

    /** The sender address of every notice, e.g. {@code CareRelay <no-reply@carerelay.example.org>}. */
    @WithDefault("CareRelay <no-reply@localhost>")
    String from();

    /** How often each instance looks for items that wait too long and for notices to send ({@code off} stops it there). */
    @WithDefault("30s")
    String every();

    /** How long the one-time link of a notice works. */
    @WithName("link-lifetime")
    @WithDefault("12h")
    Duration linkLifetime();

    /** Items that arrived longer ago than this never notify (adding a contact does not mail out an old backlog). */
    @WithName("look-back")
    @WithDefault("24h")
    Duration lookBack();

    /** The first stage (on-call contacts) of urgent-review items, in minutes, for agencies that set no rule. */
    @WithName("default-on-call-minutes")
    @WithDefault("30")
    int defaultOnCallMinutes();

    /** The second stage (team lead contacts) of urgent-review items, in minutes, for agencies that set no rule. */
    @WithName("default-lead-minutes")
    @WithDefault("60")
    int defaultLeadMinutes();

    /** The delays between attempts of a failed send, one retry per entry; after the last, the notice is failed. */
    @WithName("retry-schedule")
    @WithDefault("1m,5m,15m,1h")
    String retrySchedule();

    /** A send's claim lasts this long; a claim past it (its instance died mid-send) is taken again. */
    @WithDefault("2m")
    Duration lease();
}
