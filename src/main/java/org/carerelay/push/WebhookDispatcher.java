package org.carerelay.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Sends the outbox. Every instance polls ({@code carerelay.webhook.poll-every}); per endpoint, one instance at a
 * time claims (a transaction-scoped advisory lock per endpoint) up to the endpoint's free share of
 * {@code per-endpoint-concurrency}, taking rows with {@code FOR UPDATE SKIP LOCKED} and marking them 'sending' with
 * a lease in database time. The HTTP exchange runs outside any transaction on this instance's sender pool; its
 * result is recorded only while the claim still stands. An instance that dies mid-send leaves a lapsed lease and
 * the message is claimed again: the receiver may see it twice, always with the same {@code webhook-id}.
 *
 * <p>A delivery's next message waits until its previous one is delivered or dead, so each delivery's messages
 * arrive in order. A hanging receiver holds at most its endpoint's share of sender threads, each for at most the
 * timeout; ingest never waits for a send.
 */
@ApplicationScoped
public class WebhookDispatcher {

    public static final String IDENTITY = "webhook-dispatch";
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    static final int ENDPOINTS_PER_POLL = 200;
    static final String FHIR_JSON = "application/fhir+json";

    @Inject
    OutboxStore store;

    @Inject
    SecretBox secrets;

    @Inject
    WebhookConfig config;

    @Inject
    EndpointGuard guard;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry registry;

    @Inject
    SubscriptionNotices notifications;

    private final String instance = "instance-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong deadLetters = new AtomicLong();
    private volatile long deadLettersReadAt;
    private ExecutorService senders;
    private ReceiverExchange exchange;
    private RetrySchedule schedule;
    private Counter deadCounter;
    private Counter delivered;
    private Counter failedAttempts;

    void onStart(@Observes StartupEvent event) {
        schedule = RetrySchedule.parse(config.retrySchedule());
        exchange = new ReceiverExchange(config.timeout());
        AtomicInteger n = new AtomicInteger();
        senders = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "webhook-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        deadCounter = Counter.builder("carerelay.webhook.dead.letters").description("Webhook messages that exhausted their retries")
                .register(registry);
        delivered = Counter.builder("carerelay.webhook.attempts").tag("outcome", "delivered").register(registry);
        failedAttempts = Counter.builder("carerelay.webhook.attempts").tag("outcome", "failed").register(registry);
        Gauge.builder("carerelay.webhook.dead.letters.stored", deadLetters, AtomicLong::get)
                .description("Dead letters in the outbox, every endpoint (until resent)").register(registry);
        Gauge.builder("carerelay.webhook.sending", inFlight, AtomicInteger::get)
                .description("Webhook sends in flight on this instance").register(registry);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (senders != null) {
            senders.shutdownNow();
        }
    }

    @Scheduled(identity = IDENTITY, every = "${carerelay.webhook.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warnf(e, "webhook dispatch failed; the next poll tries again");
        }
    }

    /** Claims what is due now and hands it to the senders; returns how many messages it claimed. */
    public int runOnce() {
        refreshDeadLetterGauge();
        int room = config.workers() - inFlight.get();
        if (room <= 0) {
            return 0;
        }
        Instant now = clock.instant();
        List<Long> endpoints = QuarkusTransaction.requiringNew().call(() -> store.endpointsWithWork(now, ENDPOINTS_PER_POLL));
        int claimedTotal = 0;
        long lease = config.timeout().plus(config.leaseMargin()).toSeconds();
        for (long endpointId : endpoints) {
            int free = room - claimedTotal;
            if (free <= 0) {
                break;
            }
            List<OutboxStore.Claimed> claimed = QuarkusTransaction.requiringNew().call(() -> store.tryLockEndpoint(endpointId)
                    ? store.claim(endpointId, now, free, config.perEndpointConcurrency(), instance, lease) : List.of());
            for (OutboxStore.Claimed c : claimed) {
                inFlight.incrementAndGet();
                try {
                    senders.execute(() -> send(c));
                } catch (RuntimeException e) {
                    inFlight.decrementAndGet(); // stopping: the lease lapses and another instance sends it
                }
            }
            claimedTotal += claimed.size();
        }
        return claimedTotal;
    }

    private void send(OutboxStore.Claimed c) {
        try {
            ReceiverExchange.Answer answer = attempt(c);
            Instant now = clock.instant();
            QuarkusTransaction.requiringNew().run(() -> record(c, answer, now));
        } catch (RuntimeException e) {
            LOG.warnf(e, "webhook %s: recording the attempt failed; its claim lapses and it is sent again", c.webhookId());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    ReceiverExchange.Answer attempt(OutboxStore.Claimed c) {
        Optional<String> refused = guard.problem(c.url());
        if (refused.isPresent()) {
            return new ReceiverExchange.Answer(null, null, "not sent: the URL " + refused.get());
        }
        Instant now = clock.instant();
        if (c.channel() == EndpointChannel.FHIR_REST_HOOK) {
            return exchange.post(c.url(), FHIR_JSON, notifications.body(c.endpointId(), WebhookKind.of(c.kind()).orElseThrow(),
                    c.sequence(), c.createdAt(), c.deliveryId()), channelHeaders(c));
        }
        long timestamp = now.getEpochSecond();
        String body = body(c);
        List<String> keys = new ArrayList<>(List.of(secrets.open(c.secret())));
        if (c.previousSecret() != null && c.previousSecretExpiresAt() != null && c.previousSecretExpiresAt().isAfter(now)) {
            keys.add(secrets.open(c.previousSecret()));
        }
        return exchange.post(c.url(), "application/json", body, List.of(new String[] {"webhook-id", c.webhookId()},
                new String[] {"webhook-timestamp", String.valueOf(timestamp)},
                new String[] {"webhook-signature", WebhookSigner.signature(keys, c.webhookId(), timestamp, body)}));
    }

    /** A subscription's own headers ("Name: value", as it gave them), and the message id for receivers that deduplicate. */
    private List<String[]> channelHeaders(OutboxStore.Claimed c) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"webhook-id", c.webhookId()});
        if (c.channelHeaders() != null) {
            for (String line : secrets.open(c.channelHeaders()).split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
                }
            }
        }
        return headers;
    }

    /** The body, the same on every attempt: {"type", "id", "sequence", "timestamp" (when written), "data"}. */
    String body(OutboxStore.Claimed c) {
        try {
            return "{\"type\":" + json.writeValueAsString(c.kind()) + ",\"id\":" + json.writeValueAsString(c.webhookId())
                    + ",\"sequence\":" + c.sequence() + ",\"timestamp\":" + json.writeValueAsString(c.createdAt().toString())
                    + ",\"data\":" + c.data() + "}";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(OutboxStore.Claimed c, ReceiverExchange.Answer answer, Instant now) {
        store.lockEndpoint(c.endpointId());
        if (answer.success()) {
            delivered.increment();
            store.delivered(c.id(), instance, answer.status(), now);
            return;
        }
        failedAttempts.increment();
        if (answer.status() != null && answer.status() == 410) {
            store.gone(c.id(), instance, now);
            LOG.warnf("Webhook endpoint %d answered 410 Gone to %s: the endpoint is disabled", c.endpointId(), c.webhookId());
            return;
        }
        Duration retryAfter = RetrySchedule.retryAfter(answer.retryAfter(), now);
        Instant next = schedule.next(c.attempts(), now, retryAfter, ThreadLocalRandom.current());
        if (store.failed(c.id(), instance, answer.status(), answer.detail(), now, next)) {
            deadCounter.increment();
            LOG.warnf("Webhook dead letter: message %s (%s, sequence %d) to endpoint %d of agency %d failed %d attempts over the"
                    + " retry schedule; last: %s. The endpoint is flagged failing; resend it from the admin page or the API.",
                    c.webhookId(), c.kind(), c.sequence(), c.endpointId(), c.agencyId(), c.attempts(), answer.detail());
        }
    }

    private void refreshDeadLetterGauge() {
        long nowMillis = System.currentTimeMillis();
        if (nowMillis - deadLettersReadAt > 15_000) {
            deadLettersReadAt = nowMillis;
            deadLetters.set(QuarkusTransaction.requiringNew().call(store::deadLetters));
        }
    }

    /** Waits for this instance's sends to finish (tests). */
    boolean idle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return inFlight.get() == 0;
    }

    RetrySchedule schedule() {
        return schedule;
    }
}
