package org.carerelay.push;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Size;
import java.time.Duration;

/** Webhook settings ({@code carerelay.webhook.*}); docs/operations.md lists them. */
@ConfigMapping(prefix = "carerelay.webhook")
public interface WebhookConfig {

    /** Encrypts the endpoints' signing secrets at rest (AES-GCM); the same on every instance. */
    @Size(min = 32, message = "CARERELAY_WEBHOOK_KEY must be at least 32 characters, e.g. the output of: openssl rand -base64 48")
    String key();

    /** Plain http:// endpoint URLs (and loopback receivers): the local stack and the tests only. */
    @WithName("allow-http")
    @WithDefault("false")
    boolean allowHttp();

    /** The delays between attempts, e.g. {@code 5s,5m,30m,2h,5h,10h,14h,20h,24h}: one retry per entry. */
    @WithName("retry-schedule")
    @WithDefault("5s,5m,30m,2h,5h,10h,14h,20h,24h")
    String retrySchedule();

    /** How often each instance looks for due messages ({@code off} stops sending on that instance). */
    @WithName("poll-every")
    @WithDefault("1s")
    String pollEvery();

    /** The whole exchange with a receiver: connect, request, response head and (limited) body. */
    @WithDefault("15s")
    Duration timeout();

    /** Batches in flight at once to one endpoint, across all instances (a batch's messages go one after another). */
    @WithName("per-endpoint-concurrency")
    @WithDefault("2")
    int perEndpointConcurrency();

    /**
     * Messages one sender claims and sends in order to one endpoint before it records their results in one
     * transaction (a batch stops at the first failure and gives back the rest).
     */
    @WithDefault("20")
    int batch();

    /** Sender threads of one instance (each sends one batch at a time). */
    @WithDefault("16")
    int workers();

    /** A claim lasts the timeout plus this margin; a claim past it (its instance died mid-send) is taken again. */
    @WithName("lease-margin")
    @WithDefault("45s")
    Duration leaseMargin();

    /**
     * How long a delivered message is kept (for "resend since" and the admin's figures) before the purge deletes it.
     * Dead letters and messages still to send are kept whatever their age: until resent, or the endpoint is deleted.
     */
    @WithDefault("30d")
    Duration retention();

    /** How often one instance purges delivered messages older than the retention ({@code off}: never). */
    @WithName("purge-every")
    @WithDefault("1h")
    String purgeEvery();

    /** How long the previous secret still signs after a rotation. */
    @WithName("rotation-overlap")
    @WithDefault("24h")
    Duration rotationOverlap();
}
